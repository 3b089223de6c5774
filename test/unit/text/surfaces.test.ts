/**
 * One pass, three surfaces: Backward on sample 1 of the lecture's worked example
 * (examples/backprop-by-hand.nnspec, seed 000) as the CLI prints it (the built dist/cli.js), as the
 * Output channel shows it (the pure functions the extension's command uses) and as the panel labels it
 * (webview/viewModel/labels.ts on the report after JSON, the webview's transport). All three must show
 * the same parameter names (W¹ and W², the lecture's W and V), the same sample number (1) and the same
 * values with the same digits — the lecture's ∂J/∂V = (−0.40962, −0.29946, −0.40962) among them.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import { backwardReport } from '../../../src/engine/passes';
import type { PassReport } from '../../../src/engine/types';
import { passBlock } from '../../../src/text/output';
import { sampleIndex } from '../../../src/text/notation';
import { edgeTooltip, nodeTooltip, outputBox, passCaption } from '../../../webview/viewModel/labels';
import { edgeValues, nodeValues } from '../../../webview/viewModel/params';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const FILE = join(ROOT, 'examples', 'backprop-by-hand.nnspec');
const M = '\u2212';
const NUMBER = `${M}?\\d+(?:\\.\\d+)?(?:e${M}?\\d+)?`;

/** The matrix printed under "∂J/∂W¹ (2×3) =" as rows of number strings. */
function printedMatrix(text: string, title: string): string[][] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(title));
  assert.ok(at >= 0, `"${title}" missing in:\n${text}`);
  const rows: string[][] = [];
  for (const line of lines.slice(at + 1)) {
    const m = /^\s+\[ (.*) \]$/.exec(line);
    if (!m) break;
    rows.push(m[1].trim().split(/\s+/));
  }
  return rows;
}

/** The numbers of a printed vector "∂J/∂a¹ = (…)". */
function printedVector(text: string, label: string): string[] {
  const m = new RegExp(`${label.replace(/[/()]/g, '\\$&')} = \\(([^)]*)\\)`).exec(text);
  assert.ok(m, `"${label}" missing in:\n${text}`);
  return m[1].split(', ');
}

/** "∂J/∂W¹[1,2] = −0.20134" in a tooltip → "−0.20134". */
function shownAfter(tooltip: string, label: string): string {
  const m = new RegExp(`${label.replace(/[/[\]]/g, '\\$&')} = (${NUMBER})`).exec(tooltip);
  assert.ok(m, `"${label}" missing in the tooltip:\n${tooltip}`);
  return m[1];
}

describe('one pass on every surface', function () {
  this.timeout(120_000);

  // The CLI, run as a user runs it.
  const run = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'backward', FILE, '--sample', '1'], {
    encoding: 'utf8',
  });
  const cli = run.stdout.trimEnd();

  // The Output channel: the extension opens the text (openSpec), runs Backward on the panel's sample
  // (index 0 is sample 1) and writes passBlock's title and body.
  const text = readFileSync(FILE, 'utf8');
  const readFile = (rel: string): string => readFileSync(resolve(dirname(FILE), rel), 'utf8');
  const { config, data } = openSpec(text, { readFile });
  const report = backwardReport(Network.fromSpec(config!), data!.train, [sampleIndex(1)]);
  const block = passBlock('backward', 'backprop-by-hand.nnspec', report, data!.train.n);

  // The panel receives the same report through JSON.
  const panel = JSON.parse(JSON.stringify(report)) as PassReport;
  const edge = (layer: number, input: number, unit: number): string =>
    edgeTooltip({
      layer,
      input,
      unit,
      weight: edgeValues(panel.layers[layer - 1], 'value', input, unit)![0],
      grad: edgeValues(panel.layers[layer - 1], 'grad', input, unit)![0],
    });

  it('the CLI ran and the Output channel shows exactly its text', () => {
    assert.equal(run.status, 0, run.stderr);
    assert.equal(block.body.trimEnd(), cli);
  });

  it('the same sample number, counted from 1', () => {
    const numbers = [
      /^Backward pass · sample (\d+)/.exec(cli)?.[1],
      /· sample (\d+)$/.exec(block.title)?.[1],
      /^Backward pass · sample (\d+)/.exec(block.body)?.[1],
      /^backward · sample (\d+) ·/.exec(passCaption({ kind: 'backward', report: panel }))?.[1],
    ];
    assert.deepEqual(numbers, ['1', '1', '1', '1']);
    for (const s of [cli, block.title, block.body, passCaption({ kind: 'backward', report: panel })])
      assert.doesNotMatch(s, /sample 0/);
  });

  it('the same parameter names W¹ and W² (never the lecture’s V, never a bare W)', () => {
    const tips = [edge(1, 0, 1), edge(2, 2, 0)].join('\n');
    for (const s of [cli, block.body, tips]) {
      assert.match(s, /∂J\/∂W¹/);
      assert.match(s, /∂J\/∂W²/);
      assert.doesNotMatch(s, /∂J\/∂V|∂J\/∂W[ [(]|∂J\/∂h|∂J\/∂y\b/);
    }
    assert.match(tips, /^W¹\[1,2\] = /m);
    assert.match(tips, /^W²\[3,1\] = /m);
  });

  it('every weight gradient with the same digits on the edge as in the CLI and the Output channel', () => {
    for (const [layer, title, rows, cols] of [
      [1, '∂J/∂W¹ (2×3) =', 2, 3],
      [2, '∂J/∂W² (3×1) =', 3, 1],
    ] as const) {
      const printed = printedMatrix(cli, title);
      assert.deepEqual(printedMatrix(block.body, title), printed);
      assert.equal(printed.length, rows);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) {
          const name = `∂J/∂W${layer === 1 ? '¹' : '²'}[${i + 1},${j + 1}]`;
          assert.equal(shownAfter(edge(layer, i, j), name), printed[i][j], name);
        }
    }
    // The lecture's ∂J/∂V and ∂J/∂W₁₂, as it prints them.
    assert.deepEqual(printedMatrix(cli, '∂J/∂W² (3×1) ='), [[`${M}0.40962`], [`${M}0.29946`], [`${M}0.40962`]]);
    assert.equal(printedMatrix(cli, '∂J/∂W¹ (2×3) =')[0][1], `${M}0.20134`);
  });

  it('the same ∂J/∂a¹ on the nodes, and the same loss J and ∂J/∂ŷ in the output box', () => {
    const dA = nodeValues(panel, 1, 'dA')!;
    const a = nodeValues(panel, 1, 'a')!;
    const printed = printedVector(cli, '∂J/∂a¹');
    assert.deepEqual(printedVector(block.body, '∂J/∂a¹'), printed);
    printed.forEach((p, j) => {
      const tip = nodeTooltip({ role: 'hidden', layer: 1, unit: j, units: 3, a: a[j], dA: dA[j], samples: 1 });
      assert.equal(shownAfter(tip, `∂J/∂a¹${'₁₂₃'[j]}`), p);
    });
    const box = outputBox(panel, 'backward').lines;
    const loss = /loss J = (\S+)/.exec(cli)![1];
    assert.equal(loss, '0.526992');
    assert.equal(box[1], `J = ${loss}`);
    assert.equal(/loss J = (\S+)/.exec(block.body)![1], loss);
    assert.equal(box[2], `∂J/∂ŷ = ${printedVector(cli, '∂J/∂ŷ')[0]}`);
    assert.match(passCaption({ kind: 'backward', report: panel }), new RegExp(`J = ${loss}$`));
  });
});
