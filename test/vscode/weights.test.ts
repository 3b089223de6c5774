/**
 * The weights and export commands in a real VS Code: Save Weights after training writes
 * NAME.weights.json beside the spec, and after the document is closed a spec that loads it with
 * `weights_file:` gives the trained loss in Forward; Write Weights into the Spec makes one
 * undoable edit after which the spec analyses clean and Forward gives the trained J; a big network is
 * refused with a message; Export to PyTorch and to ONNX write files with the expected headers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PassReport, TrainResult } from '../../src/engine/types';
import { openSpec } from '../../src/format/openSpec';
import { parseWeightsFile } from '../../src/format/weightsFile';
import { stopMessage } from '../../src/text/training';
import { api, closeAll, example, open, tmpSpec, waitFor } from './extensionHelpers';

/** The XOR example with fewer epochs (quick), as a fresh file named `name`. */
function xorSpec(name: string, epochs = 120): vscode.Uri {
  const text = fs.readFileSync(example('xor'), 'utf8');
  assert.match(text, /epochs: \d+/);
  return tmpSpec(name, text.replace(/epochs: \d+/, `epochs: ${epochs}`));
}

async function train(uri: vscode.Uri): Promise<TrainResult> {
  const result = await vscode.commands.executeCommand<TrainResult>('nnspec.train', uri);
  assert.ok(result, 'training returned no result');
  assert.equal(result.reason, 'completed', stopMessage(result));
  return result;
}

const forward = (uri: vscode.Uri) =>
  vscode.commands.executeCommand<PassReport>('nnspec.forward', { uri, sample: 'all' });

/** |a − b| relative to |b|. */
const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('nnspec weights and exports', function () {
  this.timeout(120_000);
  afterEach(closeAll);

  it('Save Weights writes NAME.weights.json; reopened with weights_file, Forward gives the trained loss', async () => {
    const uri = xorSpec('xor-save');
    const editor = await open(uri);
    const initial = (await forward(uri))!.loss;
    const result = await train(uri);
    const saved = await vscode.commands.executeCommand<vscode.Uri>('nnspec.saveWeights', uri);
    assert.ok(saved, 'Save Weights wrote nothing');
    assert.equal(saved.fsPath, path.join(path.dirname(uri.fsPath), 'xor-save.weights.json'), 'beside the spec');
    const file = parseWeightsFile(fs.readFileSync(saved.fsPath, 'utf8'));
    assert.ok(file.ok, file.ok ? '' : file.message);
    assert.equal(file.value.epoch, result.final.epoch);
    assert.equal(file.value.loss, result.final.loss);
    assert.match(
      (await api()).outputText(),
      /Saved the weights \(trained · epoch 120 · loss [\d.]+\) to xor-save\.weights\.json/,
    );

    // Close the document (its record and the panel's results go), then open the spec again as a new file
    // that loads the saved weights.
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const reopened = tmpSpec(
      'xor-reopened',
      `weights_file: xor-save.weights.json\n${fs.readFileSync(uri.fsPath, 'utf8')}`,
    );
    await open(reopened);
    const report = await forward(reopened);
    assert.ok(report, 'Forward refused the spec with weights_file');
    assert.ok(relative(report.loss, result.final.loss) <= 1e-12, `${report.loss} vs the trained ${result.final.loss}`);
    assert.ok(relative(report.loss, initial) > 1e-3, 'and not the initial loss');
  });

  it('Write Weights into the Spec: one undoable edit; the spec analyses clean and Forward gives the trained J', async () => {
    const uri = xorSpec('xor-inline');
    const editor = await open(uri);
    const before = editor.document.getText();
    const result = await train(uri);
    assert.equal(await vscode.commands.executeCommand('nnspec.writeWeightsIntoSpec', uri), true);
    const text = editor.document.getText();
    assert.equal((text.match(/^ {4}weights: \[\[/gm) ?? []).length, 2, 'both layers');
    assert.equal((text.match(/^ {4}biases: \[/gm) ?? []).length, 2);
    assert.deepEqual(openSpec(text).analysis.diagnostics, [], 'the edited spec analyses clean');
    await waitFor('no problems in the editor', () => vscode.languages.getDiagnostics(uri).length === 0);
    const report = await forward(uri);
    assert.ok(report);
    assert.ok(relative(report.loss, result.final.loss) <= 1e-12, `${report.loss} vs the trained ${result.final.loss}`);
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before, 'one undo takes the weights out again');
  });

  it('Write Weights into the Spec refuses a network over 200 parameters and says to save a weights file', async () => {
    const nn = await api();
    const text = fs.readFileSync(example('xor'), 'utf8').replace('dense: 4', 'dense: 64');
    const uri = tmpSpec('xor-wide', text);
    const editor = await open(uri);
    const out = nn.outputText().length;
    assert.equal(await vscode.commands.executeCommand('nnspec.writeWeightsIntoSpec', uri), false);
    assert.equal(editor.document.getText(), text, 'the spec is left as it was');
    assert.match(nn.outputText().slice(out), /257 parameters; weights are written into the spec for at most 200/);
  });

  it('Export to PyTorch and to ONNX write beside the spec, with the expected headers', async () => {
    const uri = xorSpec('xor-export');
    await open(uri);
    const py = await vscode.commands.executeCommand<vscode.Uri>('nnspec.exportPytorch', uri);
    assert.ok(py && fs.existsSync(py.fsPath), 'no program');
    assert.equal(py.fsPath, uri.fsPath.replace(/\.nnspec$/, '.py'));
    const program = fs.readFileSync(py.fsPath, 'utf8');
    assert.ok(
      program.startsWith('#!/usr/bin/env python3\n"""XOR (2-4-1): a PyTorch program exported by nnspec'),
      program.slice(0, 200),
    );
    assert.match(program, /import torch/);
    await waitFor('the program open in an editor', () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === py.fsPath),
    );
    const onnx = await vscode.commands.executeCommand<vscode.Uri>('nnspec.exportOnnx', uri);
    assert.ok(onnx && fs.existsSync(onnx.fsPath), 'no model');
    assert.equal(onnx.fsPath, uri.fsPath.replace(/\.nnspec$/, '.onnx'));
    const bytes = fs.readFileSync(onnx.fsPath);
    // ModelProto: field 1 (ir_version, varint) first, then field 2, the producer name "nnspec".
    assert.equal(bytes[0], 0x08, 'starts with ir_version');
    assert.equal(bytes.subarray(2, 10).toString('latin1'), '\x12\x06nnspec');
  });
});
