/**
 * A graph spec (`graph:` instead of `layers:`): its inputs (numbers, vectors, matrices), its nodes in
 * order (a name and an expression over the inputs and the nodes above it), its output, and a
 * `train: { params: [...] }` that minimises the output. Every problem at its exact place: names that
 * shadow functions or repeat, unknown names (with a did-you-mean), a node used above its definition or
 * in a cycle, an operation whose shapes do not fit (the engine's shape rule, at that operation), an
 * output that is not a number, a graph too big to compute; inputs and nodes that do not lead to the
 * output are warnings. A clean spec gives the engine's `GraphConfig` and the graph's summary.
 */
import type { Expr, GraphConfig, GraphSummary, GraphTensor, GraphTrainConfig } from '../engine/config';
import { isFunctionName } from '../engine/expression/functions';
import type { Span } from '../engine/expression/parse';
import { Graph } from '../engine/graph/graph';
import { graphSummary } from '../engine/graph/passes';
import { inferShape, matmulShape, shapeName, shapeSize, type Shape } from '../engine/graph/shapes';
import { parseExpression, rangeInScalar, reportExpressionError } from './expression';
import { GRAPH_KEYS, GRAPH_TRAIN_KEYS } from './keys';
import {
  asMap,
  asSeq,
  type Ctx,
  describeValue,
  fields,
  type Fields,
  nestingOf,
  readString,
  readTensor,
} from './readers';
import { didYouMean, suggest } from './suggest';
import type { Range, SpecSymbol } from './types';
import { readGradcheck, readTrain } from './validateTrain';
import { isScalar, type Pair, type YAMLMap, type YNode } from './yamlSource';

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Top-level keys of layered specs that a graph spec does not have. */
const LAYERED_ONLY = ['input', 'layers', 'loss', 'activations', 'regularization', 'data'];

interface NodeRead {
  name: string;
  keyRange: Range;
  /** The YAML value holding the expression, and its text. */
  valueNode?: YNode;
  text?: string;
  expr?: Expr;
  spans?: Map<Expr, Span>;
  /** Its names resolve and its shapes fit. */
  shape?: Shape;
}

function fix(s: string | undefined): { title: string; newText: string } | undefined {
  return s ? { title: `Change to '${s}'`, newText: s } : undefined;
}

/** The names an expression reads, in the order written. */
function namesIn(expr: Expr): Extract<Expr, { type: 'var' }>[] {
  const out: Extract<Expr, { type: 'var' }>[] = [];
  const visit = (e: Expr): void => {
    if (e.type === 'var') out.push(e);
    else if (e.type === 'neg') visit(e.arg);
    else if (e.type === 'bin') [e.left, e.right].forEach(visit);
    else if (e.type === 'call') e.args.forEach(visit);
  };
  visit(expr);
  return out;
}

/** A name for an input or a node: letters, digits and _, not a function's name; undefined (reported) otherwise. */
function checkName(ctx: Ctx, pair: Pair, what: 'input' | 'node', taken: Map<string, string>): string | undefined {
  const key = ctx.src.deref(pair.key as YNode);
  const range = ctx.src.keyRange(pair);
  const name = key && isScalar(key) ? String(key.value) : '';
  if (!NAME_RE.test(name)) {
    ctx.diag.error(range, 'bad-name', `${what} names are letters, digits and _, starting with a letter, not '${name}'`);
    return undefined;
  }
  if (isFunctionName(name)) {
    ctx.diag.error(
      range,
      'shadows-function',
      `'${name}' is a function of the expression language; give the ${what} another name`,
    );
    return undefined;
  }
  const before = taken.get(name);
  if (before) {
    ctx.diag.error(range, 'duplicate-name', `'${name}' is already ${before}; give the ${what} another name`);
    return undefined;
  }
  taken.set(name, what === 'input' ? 'an input' : 'a node');
  return name;
}

/** The entries of a mapping of named inputs or nodes whose names are good, each recorded as a symbol. */
function* namedEntries(
  ctx: Ctx,
  map: YAMLMap,
  what: 'input' | 'node',
  taken: Map<string, string>,
  symbols: SpecSymbol[],
): Generator<{ pair: Pair; name: string; keyRange: Range }> {
  for (const item of map.items) {
    const pair = item as Pair;
    const name = checkName(ctx, pair, what, taken);
    if (name === undefined) continue;
    const keyRange = ctx.src.keyRange(pair);
    symbols.push({ kind: `graph-${what}`, name, range: ctx.src.pairRange(pair), selectionRange: keyRange });
    yield { pair, name, keyRange };
  }
}

function readInputs(
  ctx: Ctx,
  pair: Pair,
  taken: Map<string, string>,
  symbols: SpecSymbol[],
): { name: string; keyRange: Range; value?: GraphTensor }[] {
  const map = asMap(ctx, pair.value as YNode, 'graph: inputs', ctx.src.keyRange(pair), '{ x: -2, y: 5, z: -4 }');
  if (!map) return [];
  const out: { name: string; keyRange: Range; value?: GraphTensor }[] = [];
  for (const { pair: p, name, keyRange } of namedEntries(ctx, map, 'input', taken, symbols)) {
    const valueRange = ctx.src.valueRange(p);
    const rank = nestingOf(ctx, p.value as YNode);
    const what = `input '${name}'`;
    if (rank > 2) {
      ctx.diag.error(
        valueRange,
        'bad-shape',
        `${what} must be a number, a vector [..] or a matrix [[..], [..]], not a list nested ${rank} deep`,
      );
      out.push({ name, keyRange });
      continue;
    }
    const t = readTensor(ctx, p.value as YNode, rank, what, valueRange);
    if (t && t.shape.some((d) => d === 0)) {
      ctx.diag.error(valueRange, 'empty-list', `${what} is empty; give it at least one number`);
      out.push({ name, keyRange });
      continue;
    }
    out.push({ name, keyRange, ...(t ? { value: { shape: t.shape, data: Float64Array.from(t.data) } } : {}) });
  }
  return out;
}

function readNodes(ctx: Ctx, pair: Pair, taken: Map<string, string>, symbols: SpecSymbol[]): NodeRead[] {
  const map = asMap(ctx, pair.value as YNode, 'graph: nodes', ctx.src.keyRange(pair), '{ q: x + y, f: q * z }');
  if (!map) return [];
  if (map.items.length === 0)
    ctx.diag.error(ctx.src.keyRange(pair), 'empty-list', 'graph: nodes is empty; add at least one, e.g. f: x * y');
  const out: NodeRead[] = [];
  for (const { pair: p, name, keyRange } of namedEntries(ctx, map, 'node', taken, symbols)) {
    const node: NodeRead = { name, keyRange };
    out.push(node);
    const text = readString(ctx, p.value as YNode, `node ${name}`, ctx.src.valueRange(p));
    if (text === undefined) continue;
    node.valueNode = ctx.src.deref(p.value as YNode)!;
    node.text = text;
    const parsed = parseExpression(text, { tensors: true });
    if (parsed.error) {
      reportExpressionError(ctx, node.valueNode, text, parsed.error, `node ${name}: `);
      continue;
    }
    node.expr = parsed.expr;
    node.spans = parsed.spans;
  }
  return out;
}

/** The place of a part of a node's expression in the document. */
function placeOf(ctx: Ctx, node: NodeRead, e: Expr): Range {
  const span = node.spans!.get(e)!;
  return rangeInScalar(ctx, node.valueNode!, node.text!, span.start, span.end - span.start);
}

/** The first path of node uses from `from` back to `to` (node names), or undefined. */
function usePath(from: string, to: string, uses: Map<string, string[]>): string[] | undefined {
  const seen = new Set<string>();
  const walk = (n: string): string[] | undefined => {
    if (n === to) return [n];
    if (seen.has(n)) return undefined;
    seen.add(n);
    for (const m of uses.get(n) ?? []) {
      const rest = walk(m);
      if (rest) return [n, ...rest];
    }
    return undefined;
  };
  return walk(from);
}

/** Every name resolves to an input or a node above; otherwise an unknown name, a forward use or a cycle. */
function resolveNames(ctx: Ctx, inputs: Set<string>, nodes: NodeRead[]): Set<NodeRead> {
  const nodeNames = new Set(nodes.map((n) => n.name));
  const uses = new Map<string, string[]>();
  for (const n of nodes)
    if (n.expr)
      uses.set(
        n.name,
        namesIn(n.expr).map((v) => v.name),
      );
  const resolved = new Set<NodeRead>();
  const above = new Set<string>();
  for (const node of nodes) {
    let ok = node.expr !== undefined;
    for (const v of node.expr ? namesIn(node.expr) : []) {
      if (inputs.has(v.name) || above.has(v.name)) continue;
      ok = false;
      const at = placeOf(ctx, node, v);
      if (v.name === node.name) {
        ctx.diag.error(at, 'cycle', `${node.name} uses itself; a graph has no cycles`);
      } else if (nodeNames.has(v.name)) {
        const path = usePath(v.name, node.name, uses);
        if (path)
          ctx.diag.error(
            at,
            'cycle',
            `a cycle: ${[node.name, ...path].join(' → ')} (each uses the next); a graph has no cycles`,
          );
        else
          ctx.diag.error(
            at,
            'used-before-defined',
            `${v.name} is defined below ${node.name}; a node may use only inputs and the nodes above it (move ${v.name} up)`,
          );
      } else {
        const s = suggest(v.name, [...inputs, ...nodeNames]);
        const known = [...inputs, ...above].join(', ');
        ctx.diag.error(
          at,
          'unknown-name',
          `unknown name '${v.name}'${s ? didYouMean(s) : known ? ` (the inputs and nodes above are ${known})` : ''}`,
          fix(s),
        );
      }
    }
    if (ok) resolved.add(node);
    above.add(node.name);
  }
  return resolved;
}

/** Shapes of the resolved nodes in order; an operation whose shapes do not fit is an error at it. */
function checkShapes(ctx: Ctx, inputs: Map<string, Shape>, nodes: NodeRead[], resolved: Set<NodeRead>): number {
  const shapes = new Map(inputs);
  let cost = 0;
  for (const node of nodes) {
    if (!resolved.has(node)) continue;
    const all = new Map<Expr, Shape>();
    const known = namesIn(node.expr!).every((v) => shapes.has(v.name));
    if (!known) continue; // a name above it has an error of its own
    const r = inferShape(node.expr!, (n) => shapes.get(n), all);
    if (r.error) {
      ctx.diag.error(placeOf(ctx, node, r.error.expr), 'shape', r.error.message);
      continue;
    }
    node.shape = r.shape;
    shapes.set(node.name, r.shape);
    for (const [e, s] of all) {
      cost += shapeSize(s);
      if (e.type === 'bin' && e.op === '@') {
        const [a, b] = [all.get(e.left)!, all.get(e.right)!];
        cost += shapeSize(matmulShape(a, b) ?? []) * a[a.length - 1];
      }
    }
  }
  return cost;
}

/** The inputs and nodes the output is computed from. */
function reaching(output: string, nodes: NodeRead[]): Set<string> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const seen = new Set<string>();
  const stack = [output];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const e = byName.get(name)?.expr;
    if (e) stack.push(...namesIn(e).map((v) => v.name));
  }
  return seen;
}

function readParams(ctx: Ctx, trainPair: Pair, inputs: Set<string>, nodes: Set<string>): string[] | undefined {
  const map = ctx.src.deref(trainPair.value as YNode);
  const pair =
    map && 'items' in map ? (map.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === 'params') : undefined;
  if (!pair) {
    ctx.diag.error(
      ctx.src.keyRange(trainPair),
      'missing-key',
      "train: a graph spec's training needs params: the inputs to change, e.g. params: [w0, w1]",
    );
    return undefined;
  }
  const items = asSeq(ctx, pair.value as YNode, 'train: params', ctx.src.keyRange(pair), '[w0, w1]');
  if (!items) return undefined;
  const params: string[] = [];
  let ok = items.length > 0;
  if (!ok) ctx.diag.error(ctx.src.keyRange(pair), 'empty-list', 'train: params is empty; name the inputs to change');
  for (const item of items) {
    const n = ctx.src.deref(item);
    const v = n && isScalar(n) ? n.value : undefined;
    const range = ctx.src.nodeRange(n ?? item);
    if (typeof v !== 'string') {
      ctx.diag.error(range, 'bad-param', `train: params lists input names, not ${describeValue(ctx, item)}`);
      ok = false;
    } else if (nodes.has(v)) {
      ctx.diag.error(range, 'bad-param', `train: ${v} is a node, computed from the inputs; params must be inputs`);
      ok = false;
    } else if (!inputs.has(v)) {
      const s = suggest(v, inputs);
      ctx.diag.error(range, 'unknown-param', `train: unknown input '${v}'${didYouMean(s)}`, fix(s));
      ok = false;
    } else if (params.includes(v)) {
      ctx.diag.warning(range, 'duplicate-param', `train: ${v} is listed twice`);
    } else params.push(v);
  }
  return ok ? params : undefined;
}

export interface GraphAnalysis {
  graph?: GraphConfig;
  graphSummary?: GraphSummary;
}

/** Reads a graph spec whose top-level keys are `top` (name and seed already read). */
export function analyzeGraph(
  ctx: Ctx,
  top: Fields,
  symbols: SpecSymbol[],
  spec: { name?: string; seed: number; maxNumbers: number },
): GraphAnalysis {
  const graphPair = top.pairs.get('graph')!;
  for (const key of LAYERED_ONLY) {
    const p = top.pairs.get(key);
    if (!p) continue;
    ctx.diag.error(
      ctx.src.keyRange(p),
      key === 'layers' ? 'layers-and-graph' : 'not-in-graph',
      key === 'layers'
        ? 'a spec has either layers: or graph:, never both'
        : `${key} belongs to layered networks; a graph spec computes its output from graph: alone`,
    );
  }
  symbols.push({
    kind: 'graph',
    name: 'graph',
    range: ctx.src.pairRange(graphPair),
    selectionRange: ctx.src.keyRange(graphPair),
  });
  const map = asMap(ctx, graphPair.value as YNode, 'graph', ctx.src.keyRange(graphPair), '{ inputs: …, nodes: … }');
  if (!map) return {};
  const f = fields(ctx, map, GRAPH_KEYS, 'graph');
  const taken = new Map<string, string>();
  const ip = f.pairs.get('inputs');
  const np = f.pairs.get('nodes');
  for (const [key, p] of [
    ['inputs', ip],
    ['nodes', np],
  ] as const)
    if (!p)
      ctx.diag.error(
        ctx.src.keyRange(graphPair),
        'missing-key',
        key === 'inputs'
          ? 'graph needs inputs: the leaves, e.g. inputs: { x: -2, y: 5, z: -4 }'
          : 'graph needs nodes: NAME: EXPRESSION in order, e.g. nodes: { q: x + y, f: q * z }',
      );
  const inputs = ip ? readInputs(ctx, ip, taken, symbols) : [];
  const nodes = np ? readNodes(ctx, np, taken, symbols) : [];
  const inputNames = new Set(inputs.map((i) => i.name));
  const nodeNames = new Set(nodes.map((n) => n.name));
  const resolved = resolveNames(ctx, inputNames, nodes);
  const inputShapes = new Map<string, Shape>();
  for (const i of inputs) if (i.value) inputShapes.set(i.name, i.value.shape);
  const cost = checkShapes(ctx, inputShapes, nodes, resolved);

  // The output: a node whose value is a number (the last node by default).
  const op = f.pairs.get('output');
  let output: NodeRead | undefined = nodes[nodes.length - 1];
  let outputRange = output?.keyRange ?? ctx.src.keyRange(graphPair);
  if (op) {
    outputRange = ctx.src.valueRange(op);
    const name = readString(ctx, op.value as YNode, 'graph: output', outputRange);
    output = nodes.find((n) => n.name === name);
    if (name !== undefined && !output) {
      if (inputNames.has(name))
        ctx.diag.error(outputRange, 'bad-output', `graph: output must be a node, not the input ${name}`);
      else {
        const s = suggest(name, nodeNames);
        ctx.diag.error(outputRange, 'unknown-output', `graph: output: unknown node '${name}'${didYouMean(s)}`, fix(s));
      }
    }
  }
  if (output?.shape && output.shape.length > 0)
    ctx.diag.error(
      outputRange,
      'output-shape',
      `the output ${output.name} is ${shapeName(output.shape)}; the output must be a number: end with a node such as sum(${output.name}) or mean(${output.name})`,
    );
  if (cost > spec.maxNumbers)
    ctx.diag.error(
      ctx.src.keyRange(graphPair),
      'too-big',
      `the graph would compute ${Math.round(cost).toLocaleString('en-US')} numbers; at most ${spec.maxNumbers.toLocaleString('en-US')} are allowed`,
    );

  // Inputs and nodes the output does not depend on (once every expression could be read).
  if (output && nodes.every((n) => n.expr)) {
    const used = reaching(output.name, nodes);
    const anyUse = new Set(nodes.flatMap((n) => (n.expr ? namesIn(n.expr).map((v) => v.name) : [])));
    for (const i of inputs)
      if (!used.has(i.name))
        ctx.diag.warning(
          i.keyRange,
          'unused-input',
          anyUse.has(i.name)
            ? `input '${i.name}' does not lead to the output ${output.name}, so its gradient is 0`
            : `input '${i.name}' is not used by any node`,
        );
    for (const n of nodes)
      if (!used.has(n.name))
        ctx.diag.warning(n.keyRange, 'unused-node', `node '${n.name}' does not lead to the output ${output.name}`);
  }

  const tp = top.pairs.get('train');
  let train: GraphTrainConfig | undefined;
  if (tp) {
    const t = readTrain(ctx, tp, symbols, GRAPH_TRAIN_KEYS);
    const params = readParams(ctx, tp, inputNames, nodeNames);
    if (params)
      train = { params, optimizer: t.optimizer, learningRate: t.learningRate, epochs: t.epochs, stop: t.stop };
  }
  const gradcheck = readGradcheck(ctx, top.pairs.get('gradcheck'), symbols);

  if (ctx.diag.errorCount > 0 || !output || inputs.some((i) => !i.value) || nodes.some((n) => !n.shape)) return {};
  const graph: GraphConfig = {
    ...(spec.name !== undefined ? { name: spec.name } : {}),
    seed: spec.seed,
    inputs: inputs.map((i) => ({ name: i.name, value: i.value! })),
    nodes: nodes.map((n) => ({ name: n.name, expr: n.expr!, text: n.text! })),
    output: output.name,
    gradcheck,
    ...(train ? { train } : {}),
  };
  return { graph, graphSummary: graphSummary(new Graph(graph)) };
}
