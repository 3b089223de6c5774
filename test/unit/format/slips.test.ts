/**
 * "One slip, one error" (issue 11): every example with each of its lines slipped — indented two spaces
 * more, two spaces less, preceded by a stray word, or without its colon — gives at most a couple of
 * errors, not one per line that moved with it nor "errors" that only follow from the slip (an emptied
 * section, a class count guessed from a moved key, a network that no longer matches the guessed data).
 * A top-level key indented into the section above is one 'misplaced-key' error at that key.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/format/analyze';
import { errors } from '../fixtures/spec';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.nnspec'));

type Slip = { file: string; line: number; kind: string; text: string };

function slips(): Slip[] {
  const out: Slip[] = [];
  for (const file of files) {
    const lines = readFileSync(join(EXAMPLES, file), 'utf8').split('\n');
    lines.forEach((l, i) => {
      if (/^\s*(#|$)/.test(l)) return;
      const with_ = (kind: string, changed: string[]): void => {
        out.push({ file, line: i + 1, kind, text: changed.join('\n') });
      };
      if (/^ {2}\S|^ {4,}\S/.test(l)) with_('dedent', [...lines.slice(0, i), l.slice(2), ...lines.slice(i + 1)]);
      with_('indent', [...lines.slice(0, i), `  ${l}`, ...lines.slice(i + 1)]);
      with_('stray word', [...lines.slice(0, i), l.replace(/\S.*/, 'oops'), ...lines.slice(i)]);
      if (l.includes(':')) with_('no colon', [...lines.slice(0, i), l.replace(':', ''), ...lines.slice(i + 1)]);
    });
  }
  return out;
}

describe('format: one slip, one error', () => {
  const all = slips();

  it('slips every line of every example', () => assert.ok(all.length > 500, `${all.length} slips`));

  it('no slip gives more than three errors, and almost all give at most two', () => {
    const counts = all.map((s) => ({ s, n: errors(analyze(s.text)).length }));
    const over3 = counts.filter((c) => c.n > 3);
    assert.deepEqual(
      over3.map((c) => `${c.s.file}:${c.s.line} ${c.s.kind}: ${c.n}`),
      [],
    );
    const over2 = counts.filter((c) => c.n > 2);
    assert.ok(
      over2.length <= all.length / 100,
      `${over2.length} of ${all.length}: ${over2.map((c) => `${c.s.file}:${c.s.line} ${c.s.kind}`).join(', ')}`,
    );
  });

  it('a top-level key indented into the section above is one misplaced-key error at that key', () => {
    const text = readFileSync(join(EXAMPLES, 'xor.nnspec'), 'utf8');
    const slipped = text.replace(/^train:/m, '  train:');
    const line = slipped.split('\n').findIndex((l) => l === '  train:');
    const errs = errors(analyze(slipped));
    assert.equal(errs.length, 1, errs.map((e) => e.message).join('\n'));
    assert.equal(errs[0].code, 'misplaced-key');
    assert.equal(errs[0].range.start.line, line);
    assert.match(
      errs[0].message,
      /^'train:' is indented under data, so it and the lines after it read as keys of data; a top-level key starts in the first column$/,
    );
  });

  it("a section's key dedented out of it is one error there, and the emptied section is not reported", () => {
    const text = readFileSync(join(EXAMPLES, 'gaussian-clusters.nnspec'), 'utf8');
    const slipped = text.replace(/^ {2}generate:/m, 'generate:');
    const errs = errors(analyze(slipped)).filter((e) => e.code !== 'yaml');
    assert.ok(
      errs.some((e) => e.code === 'misplaced-key' && /^'generate:' is a key of data, not of the spec/.test(e.message)),
      errs.map((e) => e.message).join('\n'),
    );
    assert.ok(!errs.some((e) => /data must be a mapping/.test(e.message)), 'data: is not reported empty');
  });

  it('a misspelt key still gets its did-you-mean, not a misplaced-key error', () => {
    const text = readFileSync(join(EXAMPLES, 'xor.nnspec'), 'utf8').replace(/^ {2}epochs:/m, '  epohcs:');
    const errs = errors(analyze(text));
    assert.equal(errs.length, 1);
    assert.match(errs[0].message, /unknown key 'epohcs' in train.*did you mean 'epochs'/);
  });
});
