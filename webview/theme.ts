/**
 * Reads the VS Code theme for the parts that cannot use CSS variables directly (canvas pixels,
 * chart.js options): a colour variable's current value, and a callback when the theme changes
 * (VS Code swaps the body's vscode-light / vscode-dark / vscode-high-contrast class and the
 * variables on <html>).
 */
import { parseCssColor, type Rgba } from './viewModel/colors';

/**
 * The raw value of a CSS custom property, e.g. cssVar('--vscode-charts-blue') → '#1a85ff'. Read on body first, which
 * inherits VS Code's variables from <html> and carries the panel's own overrides (webview.css).
 */
export function cssVar(name: string, fallback = ''): string {
  const v =
    getComputedStyle(document.body).getPropertyValue(name).trim() ||
    getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

let probe: CanvasRenderingContext2D | null | undefined;

/** A theme colour as RGBA (named colours and other syntaxes are normalised through a canvas). */
export function themeColor(name: string, fallback = '#888888'): Rgba {
  const text = cssVar(name, fallback);
  const direct = parseCssColor(text);
  if (direct) return direct;
  if (probe === undefined) probe = document.createElement('canvas').getContext('2d');
  if (probe) {
    probe.fillStyle = fallback;
    probe.fillStyle = text;
    const normal = parseCssColor(String(probe.fillStyle));
    if (normal) return normal;
  }
  return parseCssColor(fallback) ?? { r: 136, g: 136, b: 136, a: 1 };
}

/** Calls `cb` (debounced) whenever the theme changes. */
export function onThemeChange(cb: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(cb, 50);
  };
  const obs = new MutationObserver(fire);
  obs.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
}

/** Whether the user asked for reduced motion. */
export function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
