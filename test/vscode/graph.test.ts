/**
 * Computational-graph specs in a real VS Code, on seed 004's sigmoid neuron (examples/graphs/): the
 * CodeLens row; Backward gives the slide's gradients in the returned report, the Output channel (with
 * the flat code) and the panel's messages; the hover tells a node's expression, shape, value and
 * gradient; completion offers the names above and the function table inside an expression; the outline
 * lists inputs and nodes with expressions and shapes; the status bar counts gates; the gradient check
 * passes; Train lowers the output in the worker, named for the output; weights commands refuse a graph.
 */
import * as assert from 'node:assert/strict';
import { NEURON_SLIDE_GRADIENTS } from '../unit/fixtures/graph';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GraphPassReport } from '../../src/engine/graph/passes';
import type { GraphGradcheckReport } from '../../src/engine/graph/gradcheck';
import type { TrainResult } from '../../src/engine/types';
import { FUNCTION_NAMES } from '../../src/engine/expression/functions';
import {
  api,
  closeAll,
  completionLabels,
  EXAMPLES,
  hoverText,
  open,
  positionOf,
  tmpSpec,
  waitFor,
} from './extensionHelpers';

const NEURON = path.join(EXAMPLES, 'graphs', 'sigmoid-neuron.nnspec');

function grad(report: GraphPassReport, name: string): number {
  const node = report.nodes.find((n) => n.name === name);
  assert.ok(node?.grad, `no gradient for ${name}`);
  return node.grad[0];
}

describe('graph specs in VS Code', function () {
  this.timeout(60_000);
  after(closeAll);

  it('the CodeLens row: Forward · Backward · Gradient check · Train · Show network', async () => {
    const editor = await open(NEURON);
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      return l && l.length > 0 ? l : undefined;
    });
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['Forward', 'Backward', 'Gradient check', 'Train', 'Show network'],
    );
  });

  it("Backward gives the slide's gradients in the report, the Output channel and the panel", async () => {
    const nn = await api();
    const editor = await open(NEURON);
    const before = nn.outputText().length;
    const report = await vscode.commands.executeCommand<GraphPassReport>('nnspec.backward', editor.document.uri);
    assert.ok(report, 'Backward returned no report');
    assert.equal(report.value.toFixed(2), '0.73');
    for (const [name, digits] of NEURON_SLIDE_GRADIENTS) assert.equal(grad(report, name).toFixed(2), digits, name);
    const text = nn.outputText().slice(before);
    assert.match(text, /Backward pass · output f = 0\.73106/);
    assert.match(text, /s0 → w0: \[0\.19661\] × \[−1\] = −0\.19661/);
    assert.match(text, /Flat code, backward:\n\s+1 {2}grad_f = 1\.0/);
    const posted = nn.panelMessages().filter((m) => m.type === 'graphPass');
    const last = posted[posted.length - 1];
    assert.ok(last && last.type === 'graphPass' && last.pass === 'backward', 'the panel got the backward pass');
    assert.equal(last.report.nodes.find((n) => n.name === 'w0')?.grad?.[0], grad(report, 'w0'));
    assert.ok(nn.panelOpen());
    const spec = nn.panelMessages().filter((m) => m.type === 'spec' && m.uri === editor.document.uri.toString());
    const shown = spec[spec.length - 1];
    assert.ok(shown && shown.type === 'spec' && shown.graph?.gates === 8, 'the panel was sent the graph');
  });

  it('the hover on a node and an input: expression, shape, and after Backward value and gradient', async () => {
    const editor = await open(NEURON);
    await vscode.commands.executeCommand('nnspec.backward', editor.document.uri);
    const doc = editor.document;
    const atNode = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      positionOf(doc, '    f: 1 /', 4),
    );
    const node = hoverText(atNode);
    assert.match(node, /\*\*Node `f`\*\* = `1 \/ \(1 \+ exp\(-\(w0\*x0 \+ w1\*x1 \+ w2\)\)\)` · number/);
    assert.match(node, /value: 0\.73106/);
    const atInput = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      positionOf(doc, 'w0: 2', 0),
    );
    const input = hoverText(atInput);
    assert.match(input, /\*\*Input `w0`\*\* · number/);
    assert.match(input, /∂f\/∂w0: −0\.19661/);
  });

  it('completion inside an expression offers the inputs and nodes above and the function table', async () => {
    const uri = tmpSpec('complete-graph', 'graph:\n  inputs: { x: 1, y: 2 }\n  nodes:\n    q: x + y\n    f: \n');
    const editor = await open(uri);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(4, 7),
    );
    const labels = completionLabels(list);
    for (const name of ['x', 'y', 'q', ...FUNCTION_NAMES]) assert.ok(labels.includes(name), `${name} in ${labels}`);
    assert.ok(!labels.includes('f'), 'not the node being written');
  });

  it('the outline lists inputs and nodes with expressions and shapes; the status bar counts gates', async () => {
    const nn = await api();
    const editor = await open(path.join(EXAMPLES, 'graphs', 'vector-norm.nnspec'));
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      editor.document.uri,
    );
    const flat: vscode.DocumentSymbol[] = [];
    const walk = (s: vscode.DocumentSymbol): void => {
      flat.push(s);
      s.children.forEach(walk);
    };
    symbols.forEach(walk);
    const detail = (name: string): string | undefined => flat.find((s) => s.name === name)?.detail;
    assert.equal(detail('W'), '2×2');
    assert.equal(detail('x'), '2');
    assert.match(detail('q') ?? '', /^= W @ x · 2$/);
    await waitFor('the status bar to count gates', () => /\b\d+ gates\b/.test(nn.statusBarText()), 5000);
  });

  it('Gradient check passes and reaches the panel', async () => {
    const nn = await api();
    const editor = await open(NEURON);
    const report = await vscode.commands.executeCommand<GraphGradcheckReport>('nnspec.gradcheck', editor.document.uri);
    assert.ok(report?.passed, 'the check passed');
    assert.equal(report.groups.length, 5);
    assert.ok(nn.panelMessages().some((m) => m.type === 'graphGradcheck'));
  });

  it('Train minimises the output over train: params in the worker, named for the output', async () => {
    const nn = await api();
    const editor = await open(NEURON);
    const result = await vscode.commands.executeCommand<TrainResult>('nnspec.train', editor.document.uri);
    assert.ok(result, 'the run ended with a result');
    assert.equal(result.reason, 'completed');
    assert.equal(result.history.length, 50);
    assert.ok(result.final.loss < 0.1, `f fell from 0.73 to ${result.final.loss}`);
    const start = nn.panelMessages().filter((m) => m.type === 'trainStart');
    const last = start[start.length - 1];
    assert.ok(last && last.type === 'trainStart' && last.lossName === 'f');
    assert.notEqual(nn.lastTraining()?.state.threadId, undefined);
    assert.match(nn.outputText(), /Training sigmoid-neuron\.nnspec completed: trained 50 epochs \(f 0\.\d+\)/);
  });

  it('Save Weights refuses a graph spec and writes nothing', async () => {
    const editor = await open(NEURON);
    const target = NEURON.replace(/\.nnspec$/, '.weights.json');
    await vscode.commands.executeCommand('nnspec.saveWeights', editor.document.uri);
    assert.equal(fs.existsSync(target), false);
  });

  it('Reset Weights refuses a graph spec', async () => {
    const editor = await open(NEURON);
    const reset = await vscode.commands.executeCommand<boolean>('nnspec.resetWeights', editor.document.uri);
    assert.equal(reset, false);
  });
});
