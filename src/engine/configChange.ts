/**
 * What an edit of a spec means for a model built from it, decided by comparing the old and the new
 * NetworkConfig field by field:
 * - 'network': the network or its data changed (seed, input, layers with their activations, init and
 *   explicit weights, loss, regularization, data): the model's weights no longer belong to the spec,
 *   and the next action starts from the edited spec's initial weights;
 * - 'training': only training settings changed (epochs, learning rate, optimizer and its knobs, batch
 *   size, shuffling, stop rules): the weights are kept — the optimizer's state too, unless its kind
 *   changed (`optimizerReset`);
 * - 'none': nothing a model depends on (the name, the gradient check's settings).
 * `fields` names what changed as the spec writes it (`layers`, `learning_rate`, `optimizer` …). Pure.
 */
import type { NetworkConfig, TrainConfig } from './config';

export interface ConfigChange {
  kind: 'none' | 'training' | 'network';
  /** The spec's keys whose values differ, network ones first. */
  fields: string[];
  /** The network's and its data's keys among them (`layers` covers activations, init and weights). */
  network: string[];
  /** The optimizer's kind changed: its state starts afresh (the weights are kept). */
  optimizerReset: boolean;
}

/** Deep equality of plain configuration values (numbers compared with Object.is, typed arrays by element). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!(a instanceof Float64Array && b instanceof Float64Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The network-defining parts of a configuration, by the spec key that writes them. */
const NETWORK_FIELDS: readonly [string, (c: NetworkConfig) => unknown][] = [
  ['seed', (c) => c.seed],
  ['input', (c) => c.input],
  ['layers', (c) => c.layers],
  ['loss', (c) => c.loss],
  ['regularization', (c) => c.regularization],
  ['data', (c) => c.data],
];

/** The training settings, by the spec key that writes them (`optimizer` covers its knobs). */
const TRAINING_FIELDS: readonly [string, (t: TrainConfig) => unknown][] = [
  ['optimizer', (t) => t.optimizer],
  ['learning_rate', (t) => t.learningRate],
  ['batch_size', (t) => t.batchSize],
  ['epochs', (t) => t.epochs],
  ['shuffle', (t) => t.shuffle],
  ['stop', (t) => t.stop],
];

/** How `after` differs from `before` for a model built from `before` (see the module comment). */
export function classifyChange(before: NetworkConfig, after: NetworkConfig): ConfigChange {
  const network = NETWORK_FIELDS.filter(([, get]) => !sameValue(get(before), get(after))).map(([k]) => k);
  const training = TRAINING_FIELDS.filter(([, get]) => !sameValue(get(before.train), get(after.train))).map(([k]) => k);
  const fields = [...network, ...training];
  if (network.length > 0) return { kind: 'network', fields, network, optimizerReset: true };
  const optimizerReset = before.train.optimizer.kind !== after.train.optimizer.kind;
  return { kind: training.length > 0 ? 'training' : 'none', fields, network, optimizerReset };
}
