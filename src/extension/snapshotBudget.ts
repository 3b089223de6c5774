/**
 * How much the training worker may spend on the pictures it sends with progress: the decision grid's
 * resolution shrinks for big networks (cells × parameters stay within a budget) and very big networks
 * send no weight snapshot, so training speed and the panel stay unharmed. Pure; unit-tested in Node.
 */

/** Cells per side of the decision grid, at most. */
export const GRID_RESOLUTION = 48;
/** Multiply-adds one decision grid may cost (cells × parameters). */
export const GRID_BUDGET = 20_000_000;
/** Networks with more parameters send no weight snapshot (megabytes every few hundred ms). */
export const SNAPSHOT_MAX_PARAMS = 250_000;

/** The decision grid's resolution for a network of `params` parameters: 48, less for big ones, 0 for none. */
export function gridResolution(params: number): number {
  const r = Math.min(GRID_RESOLUTION, Math.floor(Math.sqrt(GRID_BUDGET / Math.max(1, params))));
  return r >= 8 ? r : 0;
}

export function sendsSnapshot(params: number): boolean {
  return params <= SNAPSHOT_MAX_PARAMS;
}
