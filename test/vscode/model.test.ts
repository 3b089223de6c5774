/**
 * Issue 9's "every action uses the current weights", in a real VS Code on a copy of the XOR example:
 * Forward starts on the initial weights; after Train, Forward on the whole batch gives the training's
 * final loss and says "trained · epoch 300 · loss …" in the Output channel, the panel and the hover; an
 * edit of the learning rate keeps the weights, Reset Weights gives back the initial J, an edit of an
 * activation makes the trained weights stale; a second Train continues from the trained weights;
 * Forward and Gradient check compute in worker threads.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { PassReport, TrainResult } from '../../src/engine/types';
import { api, closeAll, example, open, tmpSpec, waitFor } from './extensionHelpers';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

async function replace(doc: vscode.TextDocument, from: RegExp, to: string): Promise<void> {
  const text = doc.getText();
  const m = from.exec(text);
  assert.ok(m, `${from} in the spec`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

describe('the document model: every action uses the current weights', function () {
  this.timeout(120_000);
  after(closeAll);

  it('Forward after Train gives the final loss; a learning-rate edit keeps it; Reset gives the initial J back', async () => {
    const nn = await api();
    const uri = tmpSpec('xor-model', fs.readFileSync(example('xor'), 'utf8'));
    const editor = await open(uri);
    const doc = editor.document;
    const forward = () => vscode.commands.executeCommand<PassReport>('nnspec.forward', { uri: doc.uri, sample: 'all' });

    const initial = await forward();
    assert.ok(initial);
    assert.match(nn.outputText(), /Forward · xor-model\.nnspec · 100 samples · initial weights ·/);

    const result = await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri);
    assert.ok(result && result.reason === 'completed', JSON.stringify(result?.reason));
    const trained = await forward();
    assert.ok(
      rel(trained.loss, result.final.loss) <= 1e-12,
      `J ${trained.loss} vs the training's ${result.final.loss}`,
    );
    assert.ok(trained.loss < initial.loss);
    assert.match(nn.outputText(), /Forward · xor-model\.nnspec · 100 samples · trained · epoch 300 · loss 0\.\d+/);
    const last = nn
      .panelMessages()
      .filter((m) => m.type === 'forward')
      .at(-1);
    assert.ok(last && last.type === 'forward' && /^trained · epoch 300/.test(last.weights ?? ''), 'the panel is told');
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(
        doc
          .getText()
          .split('\n')
          .findIndex((l) => /- dense: 4/.test(l)),
        6,
      ),
    );
    const hoverText = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /trained · epoch 300/);

    await replace(doc, /learning_rate: [\d.]+/, 'learning_rate: 0.02');
    await waitFor('the edit', () => doc.getText().includes('learning_rate: 0.02'));
    const kept = await forward();
    assert.equal(kept.loss, trained.loss, 'a training-settings edit keeps the weights');

    assert.equal(await vscode.commands.executeCommand('nnspec.resetWeights', doc.uri), true);
    const reset = await forward();
    assert.equal(reset.loss, initial.loss, 'Reset gives back the initial J');
    assert.match(nn.outputText(), /weights reset to the spec's initial weights/);
  });

  it('a second Train continues from the trained weights; an activation edit makes them stale', async () => {
    const nn = await api();
    const uri = tmpSpec('xor-continue', fs.readFileSync(example('xor'), 'utf8').replace(/epochs: \d+/, 'epochs: 40'));
    const doc = (await open(uri)).document;
    const first = await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri);
    const second = await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri);
    assert.ok(first && second);
    assert.ok(second.history[0].loss < first.history[0].loss, 'the second run starts where the first ended');
    assert.match(
      nn.outputText(),
      /Training xor-continue\.nnspec: 40 epochs in a worker thread, from the trained · epoch 40 · loss/,
    );
    const continued = await vscode.commands.executeCommand<PassReport>('nnspec.forward', {
      uri: doc.uri,
      sample: 'all',
    });
    assert.ok(rel(continued.loss, second.final.loss) <= 1e-12);
    assert.match(nn.outputText(), /trained · epoch 80 · loss/);

    await replace(doc, /activation: tanh/, 'activation: relu');
    await waitFor('the edit', () => doc.getText().includes('activation: relu'));
    await vscode.commands.executeCommand<PassReport>('nnspec.forward', { uri: doc.uri, sample: 'all' });
    assert.match(
      nn
        .outputText()
        .split('\n')
        .filter((l) => l.includes('Forward · xor-continue'))
        .at(-1) ?? '',
      /· initial weights · /,
    );
  });

  it('Forward and Gradient check run in a worker thread: the extension host stays free meanwhile', async () => {
    const nn = await api();
    const text = fs
      .readFileSync(example('spiral'), 'utf8')
      .replace(/gradcheck:[^\n]*\n?/, '')
      .concat('\ngradcheck: { samples: 64, max_params: 5000 }\n');
    const doc = (await open(tmpSpec('spiral-big-check', text))).document;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const report = await vscode.commands.executeCommand<{ passed: boolean; entries: unknown[] }>(
      'nnspec.gradcheck',
      doc.uri,
    );
    clearInterval(timer);
    assert.ok(report, 'the check ended with a report');
    assert.ok(report.entries.length > 100, `${report.entries.length} entries checked`);
    assert.ok(ticks > 0, 'timers on the extension host ran while the check computed');
    const thread = nn.lastComputeThreadId();
    assert.ok(thread !== undefined && thread > 0, 'computed in a worker thread, not the host (thread 0)');
    const before = thread;
    await vscode.commands.executeCommand('nnspec.forward', doc.uri);
    assert.notEqual(nn.lastComputeThreadId(), before, 'each computation has its own worker');
  });

  it('a gradient check of a large spec can be cancelled; the editor stays free and nothing changes', async () => {
    const nn = await api();
    const text = fs
      .readFileSync(example('spiral'), 'utf8')
      .replace('- dense: 100', '- dense: 800')
      .concat('\ngradcheck: { samples: 300, max_params: 600 }\n');
    const doc = (await open(tmpSpec('spiral-cancel', text))).document;
    const before = nn.panelMessages().filter((m) => m.type === 'gradcheck').length;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const thread = nn.lastComputeThreadId();
    let settled = false;
    const check = vscode.commands.executeCommand<unknown>('nnspec.gradcheck', doc.uri).then((r) => {
      settled = true;
      return r;
    });
    await waitFor('the check to start in its worker', () => nn.lastComputeThreadId() !== thread || undefined);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(settled, false, 'the check takes longer than that');
    const cancelled = await vscode.commands.executeCommand<boolean>('nnspec.cancelGradientCheck');
    const report = await check;
    clearInterval(timer);
    assert.equal(cancelled, true, 'a check was running');
    assert.equal(report, undefined, 'no report');
    assert.ok(ticks > 20, `the extension host ran its timers meanwhile (${ticks} ticks)`);
    assert.match(nn.outputText(), /Gradient check of spiral-cancel\.nnspec cancelled/);
    assert.equal(nn.panelMessages().filter((m) => m.type === 'gradcheck').length, before, 'the panel got nothing');
    assert.equal(await vscode.commands.executeCommand<boolean>('nnspec.cancelGradientCheck'), false, 'none runs now');
  });
});
