/**
 * The one place chart.js is set up for the panel: the controllers and scales it uses are
 * registered once, and theme colours (axes, grid, text, font) are read from VS Code's CSS
 * variables so the charts follow light, dark and high-contrast themes.
 */
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  ScatterController,
  Legend,
  Tooltip,
} from 'chart.js';
import { cssVar, themeColor } from './theme';
import { rgbaText } from './viewModel/colors';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  ScatterController,
  Legend,
  Tooltip,
);

export { Chart };

/** A theme colour variable as a colour string chart.js understands. */
export function chartColor(varName: string, alpha = 1): string {
  return rgbaText(themeColor(varName, '#888888'), alpha);
}

/** Axis, grid and text colours of the current theme. */
export function chartTheme(): { text: string; grid: string; font: string; fontSize: number } {
  return {
    text: chartColor('--vscode-descriptionForeground'),
    grid: chartColor('--vscode-editorWidget-border', 0.45),
    font: cssVar('--vscode-font-family', 'sans-serif'),
    fontSize: 11,
  };
}

/** Applies the theme to chart.js defaults (new charts) — existing charts re-read it in their own update. */
export function applyChartDefaults(): void {
  const t = chartTheme();
  Chart.defaults.color = t.text;
  Chart.defaults.borderColor = t.grid;
  Chart.defaults.font.family = t.font;
  Chart.defaults.font.size = t.fontSize;
}
