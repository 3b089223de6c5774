/**
 * The WebAssembly kernels' memory, and buffers that live in it. The memory is shared (a
 * SharedArrayBuffer underneath), so growing it never detaches a view made before: a layer's weights,
 * gradients and per-sample buffers are Float64Array views into it for the network's whole life, and the
 * kernels work on them in place (their byte offsets are the addresses) instead of copying operands in
 * and results out on every call. Any other array is copied through a scratch block, as before.
 *
 * Blocks are handed out first-fit from a free list (64-byte aligned, so every SIMD load is aligned) with
 * `slack` doubles after the requested length, which the kernels may read and write past a buffer's end
 * (a product's last four-row block, the lanes after an odd length). A block is returned when the view it
 * was made for is garbage-collected (FinalizationRegistry): whoever keeps a subarray of a resident view
 * keeps the view too. Without shared WebAssembly memory (or once it cannot grow) `residentArray` gives
 * a plain Float64Array, which the kernels copy as they always did — the numbers are the same either way.
 */

const PAGE = 65536;
/** Bytes per allocation unit: a cache line. */
const UNIT = 64;
/** 2 GiB: the most the memory may grow to (address space is only reserved, not committed). */
export const MAX_PAGES = 32768;

/** One module instance's memory and the blocks in it. */
export interface KernelMemory {
  memory: WebAssembly.Memory;
  shared: boolean;
}

let mem: KernelMemory | null | undefined;
/** Bytes in use below which every block lies (blocks above are free space). */
let top = UNIT; // address 0 stays unused: a zero pointer means "no operand"
/** Free blocks below top, sorted by start, never adjacent (coalesced). */
const free: { start: number; end: number }[] = [];
/** Live blocks: sorted starts and their ends. */
const starts: number[] = [];
const ends = new Map<number, number>();
/** Every SharedArrayBuffer object the memory has shown (one per growth): views on them are resident. */
const buffers = new Set<ArrayBufferLike>();
const registry =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<number>((start) => release(start)) : undefined;

/** The memory, shared when the runtime allows (undefined without WebAssembly). */
export function kernelMemory(): KernelMemory | undefined {
  if (mem === undefined) {
    mem = null;
    if (typeof WebAssembly === 'object') {
      try {
        const memory = new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true });
        if (typeof SharedArrayBuffer === 'function' && memory.buffer instanceof SharedArrayBuffer)
          mem = { memory, shared: true };
      } catch {
        /* no shared memory here */
      }
      if (!mem) {
        try {
          mem = { memory: new WebAssembly.Memory({ initial: 16 }), shared: false };
        } catch {
          mem = null;
        }
      }
    }
  }
  return mem ?? undefined;
}

/** Makes the memory at least `bytes` long; false when it cannot grow. */
function reach(bytes: number): boolean {
  const m = kernelMemory();
  if (!m) return false;
  const have = m.memory.buffer.byteLength;
  if (have >= bytes) return true;
  try {
    m.memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}

/** Address of a fresh block of at least `bytes`, or -1 when the memory is not shared or cannot grow. */
function allocate(bytes: number): number {
  const m = kernelMemory();
  if (!m?.shared) return -1;
  const size = Math.ceil(bytes / UNIT) * UNIT;
  let start = -1;
  for (let i = 0; i < free.length; i++) {
    const f = free[i];
    if (f.end - f.start < size) continue;
    start = f.start;
    if (f.end - f.start === size) free.splice(i, 1);
    else f.start += size;
    break;
  }
  if (start < 0) {
    if (top + size > MAX_PAGES * PAGE || !reach(top + size)) return -1;
    start = top;
    top += size;
  }
  starts.splice(upper(start), 0, start);
  ends.set(start, start + size);
  return start;
}

/** Index of the first start greater than `address`. */
function upper(address: number): number {
  let lo = 0,
    hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= address) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Returns a block to the free list (coalescing with its neighbours, or lowering top). */
function release(start: number): void {
  const end = ends.get(start);
  if (end === undefined) return;
  ends.delete(start);
  starts.splice(upper(start) - 1, 1);
  let i = 0;
  while (i < free.length && free[i].start < start) i++;
  const block = { start, end };
  if (i > 0 && free[i - 1].end === start) {
    block.start = free[i - 1].start;
    free.splice(--i, 1);
  }
  if (i < free.length && free[i].start === end) {
    block.end = free[i].end;
    free.splice(i, 1);
  }
  if (block.end === top) top = block.start;
  else free.splice(i, 0, block);
}

let heapCache: Float64Array | undefined;

/** The whole memory as doubles (a fresh view once it grew); undefined without WebAssembly. */
export function heap(): Float64Array | undefined {
  const buffer = kernelMemory()?.memory.buffer;
  if (!buffer) return undefined;
  if (heapCache?.buffer !== buffer) heapCache = new Float64Array(buffer);
  return heapCache;
}

/**
 * A zeroed Float64Array of `length` doubles living in the kernels' memory, with at least `slack` more
 * doubles after it that belong to it; a plain Float64Array when that is not possible.
 */
export function residentArray(length: number, slack = 16): Float64Array {
  const start = allocate((length + slack) * 8);
  if (start < 0) return new Float64Array(length);
  const buffer = (kernelMemory() as KernelMemory).memory.buffer;
  buffers.add(buffer);
  const view = new Float64Array(buffer, start, length);
  new Float64Array(buffer, start, (ends.get(start)! - start) / 8).fill(0); // a reused block holds old numbers
  registry?.register(view, start);
  return view;
}

/**
 * A resident buffer of `length` doubles holding rows of `width` (a layer's per-sample buffer, a product's
 * result): its slack covers the three extra rows the kernels' last four-row block may store.
 */
export function residentRows(length: number, width: number): Float64Array {
  return residentArray(length, 3 * width + 16);
}

/**
 * The byte address of `view` in the kernels' memory when it is resident and the `doubles` from its start
 * (which may run past its end into its block's slack) belong to its block; -1 otherwise.
 */
export function addressOf(view: Float64Array, doubles: number): number {
  if (!buffers.has(view.buffer)) return -1;
  const at = view.byteOffset;
  const i = upper(at) - 1;
  if (i < 0) return -1;
  const end = ends.get(starts[i])!;
  return at + doubles * 8 <= end ? at : -1;
}

/** Live blocks and their bytes (for tests). */
export function residentBlocks(): { blocks: number; bytes: number } {
  let bytes = 0;
  for (const [s, e] of ends) bytes += e - s;
  return { blocks: ends.size, bytes };
}

/**
 * A scratch block of at least `bytes` for copied operands: the same block while it is big enough
 * (kernel calls never overlap), else a bigger one. Its address, or -1.
 */
let scratch = { start: -1, bytes: 0 };
export function scratchBlock(bytes: number): number {
  const m = kernelMemory();
  if (!m) return -1;
  if (!m.shared) return reach(bytes + UNIT) ? UNIT : -1; // unshared: the whole memory is scratch
  if (scratch.bytes >= bytes) return scratch.start;
  if (scratch.start >= 0) release(scratch.start);
  const start = allocate(Math.max(bytes, 2 * scratch.bytes));
  scratch = start < 0 ? { start: -1, bytes: 0 } : { start, bytes: ends.get(start)! - start };
  return start;
}
