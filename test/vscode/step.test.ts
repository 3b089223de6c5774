/**
 * Issue 9's model in the worker, in a real VS Code: Train continues the model the worker holds, optimizer
 * state included (40 then 40 epochs of Adam end exactly where 80 in one run do); Step makes one update on the
 * next mini-batch — the weights change by exactly the update it shows, the panel gets the pass at the new
 * weights in its Updates view, the Output channel says where training stands — and Reset Weights gives the
 * initial J back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ParamReport, PassReport, TrainResult } from '../../src/engine/types';
import { api, closeAll, example, open, tmpSpec } from './extensionHelpers';

const flat = (v: ParamReport['value'] | undefined): number[] => ((v ?? []) as unknown[]).flat(3) as number[];

describe('the model in the worker: Train continues it, Step makes one update at a time', function () {
  this.timeout(120_000);
  after(closeAll);

  it('40 then 40 epochs of Adam end exactly where 80 in one run end (the optimizer state is kept)', async () => {
    const nn = await api();
    const xor = fs.readFileSync(example('xor'), 'utf8');
    const twice = (await open(tmpSpec('xor-twice', xor.replace(/epochs: \d+/, 'epochs: 40')))).document;
    const once = (await open(tmpSpec('xor-once', xor.replace(/epochs: \d+/, 'epochs: 80')))).document;
    const first = await vscode.commands.executeCommand<TrainResult>('nnspec.train', twice.uri);
    const second = await vscode.commands.executeCommand<TrainResult>('nnspec.train', twice.uri);
    const whole = await vscode.commands.executeCommand<TrainResult>('nnspec.train', once.uri);
    assert.ok(first && second && whole);
    assert.equal(second.history[0].epoch, 1, "a run's epochs count from its start");
    assert.equal(second.final.loss, whole.final.loss, 'bit for bit');
    assert.deepEqual(
      second.history.map((m) => m.loss),
      whole.history.slice(40).map((m) => m.loss),
    );
    assert.match(nn.outputText(), /from the trained · epoch 40 · loss [\d.]+, optimizer state kept/);
  });

  it('Step changes every weight by exactly the update it shows; Forward then gives its J; Reset undoes it', async () => {
    const nn = await api();
    const text = fs
      .readFileSync(example('xor'), 'utf8')
      .replace(/optimizer: adam/, 'optimizer: sgd')
      .replace(/batch_size: full/, 'batch_size: 25');
    const doc = (await open(tmpSpec('xor-step', text))).document;
    const forward = () => vscode.commands.executeCommand<PassReport>('nnspec.forward', { uri: doc.uri, sample: 'all' });
    const step = () => vscode.commands.executeCommand<PassReport>('nnspec.step', { uri: doc.uri, sample: 'all' });

    const initial = await forward();
    let before = initial;
    for (let k = 1; k <= 5; k++) {
      const after = await step();
      assert.ok(after, `step ${k} gave a report`);
      for (const [l, layer] of after.layers.entries())
        for (const name of ['W', 'b'] as const) {
          const p = layer.params[name];
          if (!p) continue;
          const old = flat(before.layers[l].params[name]!.value);
          const now = flat(p.value);
          const update = flat(p.update);
          assert.equal(update.length, now.length, `every ${name} of layer ${l + 1} has its update`);
          for (let i = 0; i < now.length; i++) assert.equal(now[i] - old[i], update[i], `${name}${l + 1}[${i}]`);
          assert.ok(
            update.some((u) => u !== 0),
            `the step moved ${name}${l + 1}`,
          );
        }
      const msg = nn
        .panelMessages()
        .filter((m) => m.type === 'backward')
        .at(-1);
      assert.ok(msg && msg.type === 'backward' && msg.step, 'the panel is told it is a step');
      const expected = { epoch: k <= 4 ? 1 : 2, batch: ((k - 1) % 4) + 1, batches: 4 };
      assert.deepEqual({ epoch: msg.step.epoch, batch: msg.step.batch, batches: msg.step.batches }, expected);
      const batchText = expected.batch === 4 ? '' : ` · batch ${expected.batch} of 4`;
      assert.ok(
        nn.outputText().includes(`Step xor-step.nnspec: epoch ${expected.epoch} · batch ${expected.batch} of 4`),
        nn.outputText().split('\n').slice(-3).join('\n'),
      );
      const now = await forward();
      assert.equal(now.loss, after.loss, "Forward on the whole batch gives the step's J");
      assert.match(
        nn.outputText(),
        new RegExp(`Forward · xor-step\\.nnspec · 100 samples · trained · epoch ${expected.epoch}${batchText} · loss`),
      );
      before = after;
    }
    assert.equal(await vscode.commands.executeCommand('nnspec.resetWeights', doc.uri), true);
    assert.equal((await forward()).loss, initial.loss, 'Reset gives back the initial J');
    const again = await step();
    const replayed = nn
      .panelMessages()
      .filter((m) => m.type === 'backward')
      .at(-1);
    assert.ok(replayed && replayed.type === 'backward' && replayed.step?.epoch === 1 && replayed.step.batch === 1);
    assert.ok(again, 'a step after Reset starts again from the initial weights');
  });

  it('Train after Steps continues from the stepped weights with their optimizer state', async () => {
    const nn = await api();
    const text = fs.readFileSync(example('xor'), 'utf8').replace(/epochs: \d+/, 'epochs: 5');
    const doc = (await open(tmpSpec('xor-step-train', text))).document;
    const stepped = await vscode.commands.executeCommand<PassReport>('nnspec.step', { uri: doc.uri, sample: 'all' });
    assert.ok(stepped);
    const result = await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri);
    assert.ok(result && result.reason === 'completed');
    assert.match(
      nn.outputText(),
      /5 epochs in a worker thread, from the trained · epoch 1 · loss [\d.]+, optimizer state kept/,
    );
    // Six full-batch Adam updates in one run from the spec end where one Step and five epochs did.
    const six = (
      await open(tmpSpec('xor-six', fs.readFileSync(example('xor'), 'utf8').replace(/epochs: \d+/, 'epochs: 6')))
    ).document;
    const whole = await vscode.commands.executeCommand<TrainResult>('nnspec.train', six.uri);
    assert.equal(result.final.loss, whole.final.loss);
  });

  it('keeps at most four models in workers: the oldest document then trains on from its weights, optimizer afresh', async () => {
    const nn = await api();
    const xor = fs.readFileSync(example('xor'), 'utf8').replace(/epochs: \d+/, 'epochs: 3');
    const docs = [];
    for (let k = 1; k <= 5; k++) {
      const doc = (await open(tmpSpec(`xor-held-${k}`, xor))).document;
      assert.ok(await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri));
      docs.push(doc);
    }
    await vscode.commands.executeCommand<TrainResult>('nnspec.train', docs[4].uri);
    assert.match(
      nn.outputText(),
      /xor-held-5\.nnspec: 3 epochs in a worker thread, from the trained · epoch 3 · loss \S+, optimizer state kept/,
    );
    await vscode.commands.executeCommand<TrainResult>('nnspec.train', docs[0].uri);
    assert.match(
      nn.outputText(),
      /xor-held-1\.nnspec: 3 epochs in a worker thread, from the trained · epoch 3 · loss \S+, optimizer state afresh/,
    );
  });

  it('an optimizer edit keeps the weights and says its state starts afresh', async () => {
    const nn = await api();
    const xor = fs.readFileSync(example('xor'), 'utf8').replace(/epochs: \d+/, 'epochs: 5');
    const doc = (await open(tmpSpec('xor-optimizer', xor))).document;
    assert.ok(await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri));
    const m = /optimizer: adam/.exec(doc.getText());
    assert.ok(m);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      doc.uri,
      new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)),
      'optimizer: momentum',
    );
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri));
    assert.match(
      nn.outputText(),
      /xor-optimizer\.nnspec: 5 epochs in a worker thread, from the trained · epoch 5 · loss \S+, optimizer changed: its state afresh/,
    );
  });

  it('a CSV changed on disk gives a new model (the held one trained on the old numbers)', async () => {
    const nn = await api();
    // In the workspace: a spec's CSV outside it is refused by default (nnspec.files.outsideWorkspace).
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const text = fs
      .readFileSync(example('csv-example'), 'utf8')
      .replace('csv: data/points.csv', 'csv: points-held.csv')
      .replace(/epochs: \d+/, 'epochs: 3');
    const spec = vscode.Uri.file(path.join(folder, 'csv-held.nnspec'));
    fs.writeFileSync(spec.fsPath, text);
    const csv = path.join(folder, 'points-held.csv');
    const original = fs.readFileSync(path.join(path.dirname(example('csv-example')), 'data', 'points.csv'), 'utf8');
    fs.writeFileSync(csv, original);
    const doc = (await open(spec)).document;
    assert.ok(await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri));
    assert.ok(await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri));
    assert.match(
      nn.outputText(),
      /csv-held\.nnspec: 3 epochs in a worker thread, from the trained · epoch 3 · loss \S+, optimizer state kept/,
    );
    fs.writeFileSync(csv, original.replace('1.02,1.28,red', '1.5,1.28,red'));
    assert.ok(await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri));
    assert.match(
      nn.outputText(),
      /csv-held\.nnspec: 3 epochs in a worker thread, from the trained · epoch 6 · loss \S+, optimizer state afresh/,
    );
  });
});
