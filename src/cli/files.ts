/**
 * The CLI's file access for files a user names (a spec's CSV and weights file, --weights): only
 * regular files (a FIFO or a device would block or never end), at most a given size, read whole.
 */
import { readFileSync, statSync } from 'node:fs';

/** The largest file a spec may name (as the extension's limit). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** The file's text; throws an Error with `code` ENOENT or a message saying why it is refused. */
export function readRegularFile(path: string, maxBytes = MAX_FILE_BYTES): string {
  const st = statSync(path);
  if (!st.isFile()) throw new Error('it is not a regular file');
  if (st.size > maxBytes)
    throw new Error(
      `it is ${(st.size / 1024 / 1024).toFixed(1)} MB, more than the ${maxBytes / 1024 / 1024} MB allowed`,
    );
  return readFileSync(path, 'utf8');
}
