/**
 * The format layer's own types: editor positions, diagnostics, document symbols and the analysis
 * result. The configuration it produces is the engine's (src/engine/config.ts).
 */
import type { GraphConfig, GraphSummary, NetworkConfig, NetworkSummary } from '../engine/config';

/** 0-based line and character, as VS Code and LSP count them (the CLI prints them 1-based). */
export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface SpecDiagnostic {
  severity: Severity;
  /** Words a student understands, e.g. "layer 1: weights are 2×2 but the layer maps 2 inputs to 3 units, so they must be 2×3". */
  message: string;
  /** The exact place of the offending value (or key). */
  range: Range;
  /** Stable identifier of the kind of problem, e.g. 'unknown-activation', 'weights-shape'. */
  code: string;
  /** A replacement for the text at `range` when the fix is known (a misspelt name): the editor offers it as a quick fix. */
  fix?: { title: string; newText: string };
}

/** A named place in the document, for hover, outline, CodeLens and completion — available even when the spec has errors. */
export interface SpecSymbol {
  kind:
    | 'name'
    | 'input'
    | 'layer'
    | 'activation'
    | 'loss'
    | 'optimizer'
    | 'data'
    | 'train'
    | 'regularization'
    | 'gradcheck'
    | 'custom-activation'
    | 'graph'
    | 'graph-input'
    | 'graph-node';
  /** e.g. 'sigmoid' for an activation value, 'layer 1' for a layer. */
  name: string;
  range: Range;
  /** Range of the name/value token itself (selection range). */
  selectionRange: Range;
  /** For layers and the activations inside them: 1-based layer index. */
  layerIndex?: number;
}

export interface AnalyzeOptions {
  /** Reads a file named relative to the spec (for `csv:`); absent in places that cannot read files. */
  readFile?: (relativePath: string) => string;
  /** Largest number of parameters + data numbers a spec may ask for (default 20 million). */
  maxNumbers?: number;
}

export interface AnalyzeResult {
  /** Present only when there are no errors (warnings allowed). */
  spec?: NetworkConfig;
  diagnostics: SpecDiagnostic[];
  symbols: SpecSymbol[];
  /** Shapes as far as they could be inferred (present whenever input and layers are readable). */
  summary?: NetworkSummary;
  /** With `spec`, when the network starts from a `weights_file`: its path (relative to the spec), epoch and loss. */
  weightsFile?: { path: string; epoch: number; loss?: number };
  /** A graph spec's checked graph: present only when there are no errors (then `spec` is absent). */
  graph?: GraphConfig;
  /** A graph spec's nodes, operations and shapes (present with `graph`). */
  graphSummary?: GraphSummary;
}
