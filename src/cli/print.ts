/**
 * What the CLI prints: results on stdout, one-line messages on stderr (`FILE:LINE:COL: error: …`), always
 * with control characters escaped (text/visible.ts), and JSON with non-finite numbers as strings.
 */
import { visible, visibleLines } from '../text/visible';
import type { Range } from '../format/types';

/** "FILE:LINE:COL" of a range's start (lines and columns counted from 1). */
export function location(file: string, range: Range): string {
  return `${file}:${range.start.line + 1}:${range.start.character + 1}`;
}

/** Prints text (several lines allowed) with control characters escaped. */
export function out(text: string): void {
  process.stdout.write(visibleLines(text) + '\n');
}

/** Prints one message line with control characters and line breaks escaped. */
export function err(line: string): void {
  process.stderr.write(visible(line) + '\n');
}

/** An error about the file `file` as a whole (its first line). */
export function fileError(file: string, message: string): void {
  err(`${file}:1:1: error: ${message}`);
}

/** JSON text; NaN and ±Infinity (which JSON cannot hold) as the strings "NaN", "Infinity", "-Infinity". */
export function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}
