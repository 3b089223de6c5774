/**
 * The decision boundary of a 2-D classifier (TensorFlow Playground's signature view): a canvas
 * heatmap of the predicted class over the input plane, shaded by confidence, with the data points
 * on top in their class colours. The grid arrives from the extension; nothing is computed here.
 */
import type { DecisionGrid } from '../src/engine/types';
import { h, setText } from './dom';
import { themeColor } from './theme';
import { classColorVar } from './viewModel/colors';
import { formatAxis } from '../src/text/numbers';
import { plural } from '../src/text/notation';

export interface BoundaryInput {
  points?: { x: number; y: number; label: number }[];
  classes?: number;
  grid?: DecisionGrid;
}

const SIZE = 240;

export class DecisionBoundary {
  readonly root: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly off = document.createElement('canvas');
  private input: BoundaryInput = {};

  constructor() {
    this.canvas = h('canvas', {
      class: 'boundary',
      role: 'img',
      'aria-label': 'Decision boundary over the input plane with the training points',
    });
    this.caption = h('div', { class: 'caption' });
    this.root = h(
      'section',
      { class: 'card boundary-card', 'aria-labelledby': 'boundary-title' },
      h('header', {}, h('h2', { id: 'boundary-title' }, 'Decision boundary')),
      h('div', { class: 'boundary-box' }, this.canvas),
      this.caption,
    );
  }

  /** Whether there is anything to show: a 2-D classifier with a grid, or with at least two points to separate. */
  static applies(input: BoundaryInput): boolean {
    return !!input.grid || (input.points?.length ?? 0) >= 2;
  }

  update(input: BoundaryInput): void {
    this.input = input;
    this.draw();
  }

  refreshTheme(): void {
    this.draw();
  }

  private bounds(): { xMin: number; xMax: number; yMin: number; yMax: number } {
    const g = this.input.grid;
    if (g) return g;
    const pts = this.input.points ?? [];
    let xMin = Infinity,
      xMax = -Infinity,
      yMin = Infinity,
      yMax = -Infinity;
    for (const p of pts) {
      xMin = Math.min(xMin, p.x);
      xMax = Math.max(xMax, p.x);
      yMin = Math.min(yMin, p.y);
      yMax = Math.max(yMax, p.y);
    }
    if (!(xMax > xMin)) {
      xMin -= 1;
      xMax += 1;
    }
    if (!(yMax > yMin)) {
      yMin -= 1;
      yMax += 1;
    }
    const px = (xMax - xMin) * 0.08,
      py = (yMax - yMin) * 0.08;
    return { xMin: xMin - px, xMax: xMax + px, yMin: yMin - py, yMax: yMax + py };
  }

  private draw(): void {
    const dpr = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    const px = Math.round(SIZE * dpr);
    if (this.canvas.width !== px) {
      this.canvas.width = px;
      this.canvas.height = px;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, px, px);
    const classes = Math.max(2, this.input.classes ?? 2);
    const colors = Array.from({ length: classes }, (_, k) => themeColor(classColorVar(k)));
    const b = this.bounds();
    const g = this.input.grid;
    if (g && g.classes.length === g.resolution * g.resolution) {
      const n = g.resolution;
      this.off.width = n;
      this.off.height = n;
      const octx = this.off.getContext('2d')!;
      const img = octx.createImageData(n, n);
      for (let row = 0; row < n; row++) {
        for (let col = 0; col < n; col++) {
          const k = row * n + col;
          const c = colors[g.classes[k]] ?? colors[0];
          const conf = Math.max(0, Math.min(1, g.confidence[k] ?? 1));
          // Row 0 is yMin: the bottom of the picture.
          const p = ((n - 1 - row) * n + col) * 4;
          img.data[p] = c.r;
          img.data[p + 1] = c.g;
          img.data[p + 2] = c.b;
          img.data[p + 3] = Math.round(255 * (0.12 + 0.43 * ((conf - 1 / classes) / (1 - 1 / classes) || 0)));
        }
      }
      octx.putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.off, 0, 0, px, px);
    }
    const sx = (x: number): number => ((x - b.xMin) / (b.xMax - b.xMin)) * px;
    const sy = (y: number): number => px - ((y - b.yMin) / (b.yMax - b.yMin)) * px;
    const edge = themeColor('--vscode-editor-background', '#ffffff');
    const r = 3.2 * dpr;
    for (const p of this.input.points ?? []) {
      const c = colors[p.label] ?? colors[0];
      ctx.beginPath();
      ctx.arc(sx(p.x), sy(p.y), r, 0, Math.PI * 2);
      ctx.fillStyle = `rgb(${c.r}, ${c.g}, ${c.b})`;
      ctx.fill();
      ctx.lineWidth = 1.2 * dpr;
      ctx.strokeStyle = `rgb(${edge.r}, ${edge.g}, ${edge.b})`;
      ctx.stroke();
    }
    const n = this.input.points?.length ?? 0;
    setText(
      this.caption,
      `${plural(n, 'point')} · x₁ ${formatAxis(b.xMin)}…${formatAxis(b.xMax)}, x₂ ${formatAxis(b.yMin)}…${formatAxis(b.yMax)}` +
        (g ? '' : ' · press Train to see the boundary form'),
    );
  }
}
