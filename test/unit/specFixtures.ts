/**
 * Shared spec texts and helpers for the spec tests: the lecture's worked example (seed 000) and a
 * way to locate a piece of text in a document as a 0-based line/character position.
 */
import type { AnalyzeResult, Position, SpecDiagnostic } from '../../src/format/types';

/** Issue 2's YAML of seed 000's "backpropagation by hand" network. */
export const WORKED_EXAMPLE = `# The lecture's worked example (seed 000 "Backpropagation by hand")
name: Backprop by hand          # optional title
seed: 0                         # one seed for initialisation, data generation and shuffling
input: 2                        # features per sample (may be left out when the data tells)
layers:
  - dense: 3                    # units
    activation: sigmoid         # see the list below; default linear
    bias: false                 # default true
    weights: [[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]   # optional explicit init, inputs × units
  - dense: 1
    activation: sigmoid
    bias: false
    weights: [[0.1], [0.5], [-0.1]]
loss: binary_cross_entropy
data:
  samples:
    - { x: [5.0, 3.0], y: 1 }
train:
  optimizer: sgd
  learning_rate: 0.1
  epochs: 100
`;

/** Position of the `occurrence`-th (0-based) appearance of `needle` in `text`. */
export function positionOf(text: string, needle: string, occurrence = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found ${occurrence + 1} times`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function errors(r: AnalyzeResult): SpecDiagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'error');
}

export function warnings(r: AnalyzeResult): SpecDiagnostic[] {
  return r.diagnostics.filter((d) => d.severity === 'warning');
}

/** The one diagnostic whose message contains `part` (fails when there is none or several). */
export function findDiagnostic(r: AnalyzeResult, part: string): SpecDiagnostic {
  const found = r.diagnostics.filter((d) => d.message.includes(part));
  if (found.length !== 1) {
    throw new Error(`expected one diagnostic containing "${part}", got ${found.length}:\n${r.diagnostics.map((d) => `  ${d.range.start.line}:${d.range.start.character} ${d.message}`).join('\n')}`);
  }
  return found[0];
}
