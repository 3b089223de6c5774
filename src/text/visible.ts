/**
 * User text made safe to show: a key, a csv cell or a file name may hold control characters (an escape
 * sequence retitles or recolours a terminal), line breaks (a message must stay one `FILE:LINE:COL:`
 * line) or bidirectional overrides (they reorder what a reader sees). Each such character is shown as a
 * visible escape — \n, \t, \r, \u001b, \u202e — and every other character as it is.
 */

/** C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional embeddings, overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is this module's purpose
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escape(ch: string): string {
  return Object.prototype.hasOwnProperty.call(NAMED, ch)
    ? NAMED[ch]
    : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** `text` on one line with every invisible or control character escaped. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, escape);
}

/** Lines of text for a terminal: as `visible`, but line breaks kept (a report's own lines). */
export function visibleLines(text: string): string {
  return text
    .split('\n')
    .map((line) => visible(line))
    .join('\n');
}
