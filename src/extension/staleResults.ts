/**
 * Whether a document's results (its last pass, gradient check, training run or Step) still describe the spec:
 * an edit of the network or its data since then (layers, activations, init, weights, seed, loss,
 * regularization, data) makes them stale, and the panel and the hover say so until the next run; an edit of
 * training settings only keeps them, as it keeps the weights (engine/configChange.ts tells the kinds). No
 * `vscode` import, so it is unit-tested in Node.
 */
import type { NetworkConfig } from '../engine/config';
import { classifyChange } from '../engine/configChange';
import type { DocumentRecord } from './documentRecord';

/** The network's spec keys edited since the results (`layers` for activations too), when the edit made them stale; undefined when they still hold or there are none. */
export function staleResults(
  record: DocumentRecord | undefined,
  config: NetworkConfig | undefined,
): string[] | undefined {
  const before = record?.resultsConfig;
  if (!before || !config) return undefined;
  const change = classifyChange(before, config);
  return change.kind === 'network' ? change.network : undefined;
}
