/**
 * Reading the files a user names — a spec, its csv and weights files — as the CLI and the extension
 * host do (Node only; the checker itself reads through the `readFile` it is given). A file is read only
 * when it is a regular file inside one of the allowed folders (symbolic links followed first), opened
 * without blocking (a FIFO would wait forever for a writer, a device never ends) and read to at most a
 * given number of bytes, whatever its size claims to be. Anything else is a `FileRefused` saying why, in
 * words that finish "cannot read 'data.csv': …".
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** Largest csv or weights file read (a csv of this size holds about the 20 million numbers a spec may have). */
export const MAX_DATA_FILE_BYTES = 192 * 1024 * 1024;

/** A file that is not read, and why. */
export class FileRefused extends Error {
  constructor(
    message: string,
    /** ENOENT when there is no such file. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'FileRefused';
  }
}

/** What a path is, when it is not a regular file. */
function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'something else';
}

function refuseNonRegular(st: Stats): void {
  if (!st.isFile()) throw new FileRefused(`it is not a regular file but ${kindOf(st)}`);
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/**
 * The text of the regular file at `path` (absolute), at most `maxBytes` bytes. Opened without blocking
 * and checked again once open, so a file swapped for a FIFO in between is still refused.
 */
export function readRegularFile(path: string, maxBytes = MAX_DATA_FILE_BYTES): string {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileRefused(code === 'ENOENT' ? 'no such file' : `it cannot be opened (${code ?? e})`, code);
  }
  refuseNonRegular(st);
  if (st.size > maxBytes) throw tooLarge(maxBytes);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileRefused(`it cannot be opened (${code ?? e})`, code);
  }
  try {
    refuseNonRegular(fstatSync(fd));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function tooLarge(maxBytes: number): FileRefused {
  return new FileRefused(`it is larger than ${megabytes(maxBytes)}, the most a file may have`);
}

/** True when `path` lies in `folder` or below it. */
function inside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The real path (symbolic links resolved); for a path that does not exist, its nearest existing folder's real path with the rest appended. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(real(parent), basename(path));
  }
}

/** Where the files a spec names are looked for and may lie. */
export interface FileAccess {
  /** The folder relative paths are resolved against: the spec's. */
  base: string;
  /** Folders the files must lie in (after following links); none given: anywhere. */
  roots?: readonly string[];
  /** Words for the roots in a refusal, e.g. "the workspace folder". */
  rootsText?: string;
  maxBytes?: number;
}

/**
 * A `readFile` for the checker: resolves a spec's relative path against `base`, refuses what lies
 * outside `roots` (before and after following links: a link inside pointing out is outside), then
 * reads as `readRegularFile`. Calls `seen` with every file it looks at (even refused or missing ones).
 */
export function fileReader(access: FileAccess, seen?: (file: string) => void): (relativePath: string) => string {
  const roots = access.roots?.map((r) => real(resolve(r)));
  const where = access.rootsText ?? 'the folders files may be read from';
  return (relativePath: string) => {
    const file = resolve(access.base, relativePath);
    seen?.(file);
    if (roots && !roots.some((r) => inside(r, real(file)))) {
      const named = resolve(real(access.base), relativePath);
      throw new FileRefused(
        roots.some((r) => inside(r, named)) ? `it is a link to a file outside ${where}` : `it lies outside ${where}`,
      );
    }
    return readRegularFile(file, access.maxBytes);
  };
}
