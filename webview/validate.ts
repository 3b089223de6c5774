/**
 * Sanity checks of incoming payloads beyond the protocol's envelope guard (isToWebview): the panel
 * only draws reports whose arrays have the shapes and number types it relies on, so a malformed
 * message is dropped instead of breaking the drawing. Pure.
 */
import type { ToWebview } from '../src/protocol/messages';
import { isGraphPassPayload, isGraphSummary } from '../src/protocol/graphPayload';

const isNum = (v: unknown): v is number => typeof v === 'number';
const isMatrix = (v: unknown): boolean => Array.isArray(v) && v.every((r) => Array.isArray(r) && r.every(isNum));
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isParam(p: unknown): boolean {
  if (!isObj(p) || !Array.isArray(p.shape) || !p.shape.every((n) => Number.isInteger(n) && (n as number) >= 0))
    return false;
  const shape = p.shape as number[];
  const depth = (v: unknown): number => (Array.isArray(v) ? 1 + (v.length ? depth(v[0]) : 0) : 0);
  const ok = (v: unknown): boolean =>
    v === undefined || (Array.isArray(v) && (v.length === 0 || depth(v) === shape.length || shape.includes(0)));
  return ok(p.value) && p.value !== undefined && ok(p.grad);
}

/** A PassReport with numeric loss, matrices for input/targets/z/a(/dA) and well-formed parameters. */
export function isPassReport(r: unknown): boolean {
  if (
    !isObj(r) ||
    !isNum(r.loss) ||
    !Array.isArray(r.samples) ||
    !isMatrix(r.input) ||
    !isMatrix(r.targets) ||
    !Array.isArray(r.layers)
  )
    return false;
  return r.layers.every(
    (l) =>
      isObj(l) &&
      isMatrix(l.z) &&
      isMatrix(l.a) &&
      (l.dA === undefined || isMatrix(l.dA)) &&
      isObj(l.params) &&
      isParam(l.params.W) &&
      (l.params.b === undefined || isParam(l.params.b)),
  );
}

function isGrid(g: unknown): boolean {
  if (g === undefined) return true;
  if (!isObj(g) || !Number.isInteger(g.resolution) || (g.resolution as number) <= 0 || (g.resolution as number) > 1024)
    return false;
  const n = (g.resolution as number) ** 2;
  return (
    [g.xMin, g.xMax, g.yMin, g.yMax].every(isNum) &&
    Array.isArray(g.classes) &&
    g.classes.length === n &&
    Array.isArray(g.confidence) &&
    g.confidence.length === n
  );
}

const isMetrics = (m: unknown): boolean =>
  Array.isArray(m) && m.every((e) => isObj(e) && isNum(e.epoch) && isNum(e.loss));

/** Whether a message that passed isToWebview also has a payload the panel can draw. */
export function isDrawable(m: ToWebview): boolean {
  switch (m.type) {
    case 'spec': {
      if (typeof m.sampleCount !== 'number' || !isObj(m.layerLines)) return false;
      if (
        m.staleResults !== undefined &&
        !(Array.isArray(m.staleResults) && m.staleResults.every((k) => typeof k === 'string'))
      )
        return false;
      const s = m.summary as unknown;
      if (
        s !== undefined &&
        !(
          isObj(s) &&
          Number.isInteger(s.input) &&
          Array.isArray(s.layers) &&
          s.layers.every((l) => isObj(l) && Number.isInteger(l.units) && (l.units as number) >= 0)
        )
      )
        return false;
      return (
        (m.points === undefined ||
          (Array.isArray(m.points) && m.points.every((p) => isObj(p) && isNum(p.x) && isNum(p.y) && isNum(p.label)))) &&
        (m.graph === undefined || isGraphSummary(m.graph))
      );
    }
    case 'forward':
      return isPassReport(m.report);
    case 'backward':
      return (
        isPassReport(m.report) &&
        (m.step === undefined ||
          (isObj(m.step) &&
            isNum(m.step.epoch) &&
            isNum(m.step.batch) &&
            isNum(m.step.batches) &&
            isNum(m.step.batchLoss)))
      );
    case 'gradcheck':
    case 'graphGradcheck':
      return Array.isArray(m.report.entries) && m.report.entries.every((e) => isObj(e) && Array.isArray(e.index));
    case 'graphPass':
      return isGraphPassPayload(m.report);
    case 'highlightLayer':
    case 'closed':
      return true;
    case 'trainStart':
      return (
        m.earlier === undefined ||
        m.earlier.every(
          (r) => isObj(r) && isNum(r.runId) && isNum(r.ordinal) && typeof r.label === 'string' && isMetrics(r.history),
        )
      );
    case 'runsCleared':
      return true;
    case 'trainProgress':
      return isMetrics(m.metrics) && (m.snapshot === undefined || isPassReport(m.snapshot)) && isGrid(m.grid);
    case 'trainEnd':
      return (
        isMetrics(m.result.history ?? []) && (m.snapshot === undefined || isPassReport(m.snapshot)) && isGrid(m.grid)
      );
    case 'error':
      return true;
  }
}
