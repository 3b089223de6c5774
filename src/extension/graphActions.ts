/**
 * The graph runs behind one async interface: a checked graph in, a pass or gradient-check report out.
 * They compute here, in the extension host — a graph is small (bounded by the format's size limit) and
 * each run builds its own Graph from the configuration — and nothing else in the extension builds a
 * Graph for a pass or a check (Train runs in the training worker), so moving them into a worker changes
 * this file only. No vscode, no document: the
 * caller tells the Output channel, the record and the panel.
 */
import type { GradcheckConfig, GraphConfig } from '../engine/config';
import { Graph } from '../engine/graph/graph';
import { graphBackward, graphForward, type GraphPassReport } from '../engine/graph/passes';
import { graphGradcheck, type GraphGradcheckReport } from '../engine/graph/gradcheck';

/** Forward (every wire's value) or backward (also every gradient and edge product) on `config`'s graph. */
export async function runGraphPass(kind: 'forward' | 'backward', config: GraphConfig): Promise<GraphPassReport> {
  const graph = new Graph(config);
  return kind === 'forward' ? graphForward(graph) : graphBackward(graph);
}

/** Central differences for every input element against the backward pass; `options` override the spec's `gradcheck:`. */
export async function runGraphGradcheck(
  config: GraphConfig,
  options?: Partial<GradcheckConfig>,
): Promise<GraphGradcheckReport> {
  return graphGradcheck(new Graph(config), options);
}
