/**
 * Where the architecture drawing puts things, as a pure function of the network's shape: units as
 * nodes in columns (input, hidden layers, output), one edge per weight between drawn units. Layers
 * wider than `maxUnits` are collapsed to their first and last few units plus an "… N more" node, and
 * the layer's full weight matrix gets a heatmap slot below the gap it spans, so a 784-128-10 network
 * is drawn with a bounded number of elements.
 */
import { columnTitle, type NodeRole } from './labels';

/** The shape the layout needs: NetworkSummary satisfies it. */
export interface NetworkShape {
  input: number;
  layers: readonly { units: number; activation: string; pieces?: number }[];
}

export interface LayoutOptions {
  /** Width of the drawing's coordinate system (the SVG viewBox). */
  width: number;
  /** Layers with more units than this are collapsed. */
  maxUnits: number;
  /** Units kept at the start and at the end of a collapsed layer. */
  head: number;
  tail: number;
  /** Draw values on edges when no layer has more edges than this. */
  maxLabelledEdges: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { width: 880, maxUnits: 16, head: 5, tail: 3, maxLabelledEdges: 12 };

export interface LayoutColumn {
  /** 0 = input, l = layer l (1-based, as the lecture counts). */
  index: number;
  role: NodeRole;
  units: number;
  /** The unit indices drawn (0-based); all of them unless collapsed. */
  shown: number[];
  collapsed: boolean;
  x: number;
  title: string;
}

export interface LayoutNode {
  key: string;
  column: number;
  role: NodeRole | 'more';
  /** 0-based unit index; -1 for the "… N more" node. */
  unit: number;
  /** For the "more" node: how many units it stands for. */
  hidden?: number;
  x: number;
  y: number;
  r: number;
}

export interface LayoutEdge {
  key: string;
  /** 1-based layer whose weight this is. */
  layer: number;
  /** 0-based: W[input][unit]. */
  input: number;
  unit: number;
  /** Indices into `nodes`. */
  from: number;
  to: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /**
   * Where the edge's value is written (only when edge labels are on): the text's baseline centre,
   * just above the edge, and the edge's angle in degrees so the text runs along it.
   */
  label?: { x: number; y: number; angle: number };
}

export interface HeatmapSlot {
  /** 1-based layer of the matrix W (inputs × units). */
  layer: number;
  rows: number;
  cols: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How much text fits at each node: name and values below ('full'), a short value inside ('compact'), none. */
export type TextMode = 'full' | 'compact' | 'none';

export interface NetworkLayout {
  width: number;
  height: number;
  columns: LayoutColumn[];
  nodes: LayoutNode[];
  edges: LayoutEdge[];
  heatmaps: HeatmapSlot[];
  textMode: TextMode;
  edgeLabels: boolean;
  /** Anchor of the loss / ∂J/∂y box, right of the output column. */
  outputBox: { x: number; y: number };
}

const TOP = 46;
const BOTTOM = 22;
const LEFT = 56;
const RIGHT = 150;
const HEATMAP_BAND = 150;
/** Gap between an edge and the baseline of its label. */
const LABEL_LIFT = 5;

/** The unit indices drawn for a layer of `units` (0-based), and whether it is collapsed. */
export function shownUnits(
  units: number,
  o: Pick<LayoutOptions, 'maxUnits' | 'head' | 'tail'>,
): { shown: number[]; collapsed: boolean } {
  if (units <= o.maxUnits) return { shown: range(0, units), collapsed: false };
  const head = Math.max(1, Math.min(o.head, units));
  const tail = Math.max(0, Math.min(o.tail, units - head));
  return { shown: [...range(0, head), ...range(units - tail, units)], collapsed: true };
}

function range(a: number, b: number): number[] {
  const r: number[] = [];
  for (let i = a; i < b; i++) r.push(i);
  return r;
}

/** Vertical spacing between nodes for a column with at most `rows` rows. */
function spacingFor(rows: number): number {
  if (rows <= 3) return 110;
  if (rows <= 5) return 80;
  if (rows <= 7) return 58;
  if (rows <= 10) return 42;
  return 30;
}

export function layoutNetwork(shape: NetworkShape, options: Partial<LayoutOptions> = {}): NetworkLayout {
  const o: LayoutOptions = { ...DEFAULT_LAYOUT, ...options };
  const sizes = [shape.input, ...shape.layers.map((l) => l.units)];
  const last = sizes.length - 1;
  const cols = sizes.map((u) => shownUnits(Math.max(0, u), o));
  const rowsOf = (c: { shown: number[]; collapsed: boolean }): number => c.shown.length + (c.collapsed ? 1 : 0);
  const maxRows = Math.max(1, ...cols.map(rowsOf));
  const spacing = spacingFor(maxRows);
  const textMode: TextMode = spacing >= 80 ? 'full' : spacing >= 42 ? 'compact' : 'none';
  const r = textMode === 'full' ? 21 : textMode === 'compact' ? 15 : 9;
  const graphHeight = TOP + (maxRows - 1) * spacing + 2 * r + BOTTOM + (textMode === 'full' ? 34 : 0);
  const anyCollapsed = cols.some((c) => c.collapsed);
  const height = graphHeight + (anyCollapsed ? HEATMAP_BAND : 0);
  const gap = last > 0 ? (o.width - LEFT - RIGHT) / last : 0;
  const colX = (i: number): number => (last === 0 ? o.width / 2 : LEFT + i * gap);
  const mid = TOP + r + ((maxRows - 1) * spacing) / 2;

  const columns: LayoutColumn[] = [];
  const nodes: LayoutNode[] = [];
  const nodeIndex: Map<number, number>[] = [];
  sizes.forEach((units, ci) => {
    const role: NodeRole = ci === 0 ? 'input' : ci === last ? 'output' : 'hidden';
    const layer = ci === 0 ? undefined : shape.layers[ci - 1];
    const { shown, collapsed } = cols[ci];
    const x = colX(ci);
    columns.push({
      index: ci,
      role,
      units,
      shown,
      collapsed,
      x,
      title: columnTitle(role, ci, units, layer?.activation, layer?.pieces),
    });
    const rows = rowsOf(cols[ci]);
    const y0 = mid - ((rows - 1) * spacing) / 2;
    const map = new Map<number, number>();
    let row = 0;
    for (const u of shown) {
      if (collapsed && row === o.head) {
        nodes.push({
          key: `n${ci}:more`,
          column: ci,
          role: 'more',
          unit: -1,
          hidden: units - shown.length,
          x,
          y: y0 + row * spacing,
          r,
        });
        row++;
      }
      map.set(u, nodes.length);
      nodes.push({ key: `n${ci}:${u}`, column: ci, role, unit: u, x, y: y0 + row * spacing, r });
      row++;
    }
    if (collapsed && row === o.head)
      nodes.push({
        key: `n${ci}:more`,
        column: ci,
        role: 'more',
        unit: -1,
        hidden: units - shown.length,
        x,
        y: y0 + row * spacing,
        r,
      });
    nodeIndex.push(map);
  });

  const perLayerEdges = sizes.slice(1).map((_, l) => cols[l].shown.length * cols[l + 1].shown.length);
  const edgeLabels = textMode === 'full' && perLayerEdges.every((n) => n <= o.maxLabelledEdges);
  const edges: LayoutEdge[] = [];
  for (let l = 1; l <= last; l++) {
    const srcShown = cols[l - 1].shown;
    for (const i of srcShown) {
      const from = nodeIndex[l - 1].get(i)!;
      for (const j of cols[l].shown) {
        const to = nodeIndex[l].get(j)!;
        const a = nodes[from],
          b = nodes[to];
        // Shorten to the circles' rims so arrows and labels do not hide under nodes.
        const dx = b.x - a.x,
          dy = b.y - a.y,
          len = Math.hypot(dx, dy) || 1;
        const x1 = a.x + (dx / len) * a.r,
          y1 = a.y + (dy / len) * a.r;
        const x2 = b.x - (dx / len) * b.r,
          y2 = b.y - (dy / len) * b.r;
        const e: LayoutEdge = { key: `e${l}:${i}:${j}`, layer: l, input: i, unit: j, from, to, x1, y1, x2, y2 };
        if (edgeLabels) {
          // Stagger labels along the edges by source row, so edges leaving different sources do not collide.
          const k = srcShown.indexOf(i);
          const t = 0.28 + 0.44 * ((k + 0.5) / srcShown.length);
          // Lift the text off the line along the edge's upward normal.
          const nx = dy / len,
            ny = -dx / len;
          const [ux, uy] = ny <= 0 ? [nx, ny] : [-nx, -ny];
          e.label = {
            x: x1 + (x2 - x1) * t + ux * LABEL_LIFT,
            y: y1 + (y2 - y1) * t + uy * LABEL_LIFT,
            angle: (Math.atan2(dy, dx) * 180) / Math.PI,
          };
        }
        edges.push(e);
      }
    }
  }

  const heatmaps: HeatmapSlot[] = [];
  if (anyCollapsed) {
    for (let l = 1; l <= last; l++) {
      if (!cols[l - 1].collapsed && !cols[l].collapsed) continue;
      const width = Math.min(gap * 0.72, 170);
      const h = HEATMAP_BAND - 50;
      heatmaps.push({
        layer: l,
        rows: sizes[l - 1],
        cols: sizes[l],
        x: (colX(l - 1) + colX(l)) / 2 - width / 2,
        y: graphHeight + 14,
        width,
        height: h,
      });
    }
  }
  const outNodes = nodes.filter((n) => n.column === last && n.role !== 'more');
  const outY = outNodes.length ? (outNodes[0].y + outNodes[outNodes.length - 1].y) / 2 : mid;
  return {
    width: o.width,
    height,
    columns,
    nodes,
    edges,
    heatmaps,
    textMode,
    edgeLabels,
    outputBox: { x: colX(last) + r + 22, y: outY },
  };
}
