/**
 * Issue 9's panel, in a real VS Code: after Train the panel's J is J over what its sample picker names (the
 * whole batch gives the training's final loss, to 1e-12), not over a hidden few samples; an edit of the
 * network marks the results stale (the spec message names the edited key, the hover says so) until the next
 * run, and an edit of training settings does not.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/engine/types';
import type { ToWebview } from '../../src/protocol/messages';
import { api, closeAll, example, open, tmpSpec, waitFor } from './extensionHelpers';

type SpecMessage = Extract<ToWebview, { type: 'spec' }>;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

async function replace(doc: vscode.TextDocument, from: RegExp, to: string): Promise<void> {
  const m = from.exec(doc.getText());
  assert.ok(m, `${from} in the spec`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

/** The panel's next spec message about `doc` (posted shortly after an edit). */
async function nextSpec(doc: vscode.TextDocument, since: number): Promise<SpecMessage> {
  const nn = await api();
  return waitFor('a new spec message', async () =>
    nn
      .panelMessages()
      .slice(since)
      .filter((m): m is SpecMessage => m.type === 'spec' && m.uri === doc.uri.toString())
      .at(-1),
  );
}

describe('the panel says what its results are', function () {
  this.timeout(120_000);
  after(closeAll);

  it("after Train, J over the picker's whole batch is the final training loss; one sample's is that sample's", async () => {
    const nn = await api();
    const text = fs.readFileSync(example('xor'), 'utf8').replace(/epochs: \d+/, 'epochs: 60');
    const doc = (await open(tmpSpec('xor-final-j', text))).document;
    await vscode.commands.executeCommand('nnspec.showNetwork', doc.uri);
    const result = await vscode.commands.executeCommand<TrainResult>('nnspec.train', { uri: doc.uri, sample: 'all' });
    assert.ok(result);
    const end = nn
      .panelMessages()
      .filter((m) => m.type === 'trainEnd')
      .at(-1);
    assert.ok(end && end.type === 'trainEnd' && end.snapshot);
    assert.ok(rel(end.snapshot.loss, result.final.loss) <= 1e-12, `${end.snapshot.loss} vs ${result.final.loss}`);
    assert.ok(end.snapshot.samples.length > 4, 'not a hidden few samples');
    // The picker on sample 3: a further run's final pass is that sample's.
    const again = await vscode.commands.executeCommand<TrainResult>('nnspec.train', { uri: doc.uri, sample: 2 });
    assert.ok(again);
    const one = nn
      .panelMessages()
      .filter((m) => m.type === 'trainEnd')
      .at(-1);
    assert.ok(one && one.type === 'trainEnd' && one.snapshot);
    assert.deepEqual(one.snapshot.samples, [2]);
  });

  it('an activation edit marks the results stale until the next run; a learning-rate edit does not', async () => {
    const nn = await api();
    const doc = (await open(tmpSpec('xor-stale', fs.readFileSync(example('xor'), 'utf8')))).document;
    await vscode.commands.executeCommand('nnspec.showNetwork', doc.uri);
    await vscode.commands.executeCommand('nnspec.forward', { uri: doc.uri, sample: 'all' });

    let since = nn.panelMessages().length;
    await replace(doc, /learning_rate: [\d.]+/, 'learning_rate: 0.02');
    const kept = await nextSpec(doc, since);
    assert.equal(kept.staleResults, undefined, 'a training-settings edit keeps the results');

    since = nn.panelMessages().length;
    await replace(doc, /activation: tanh/, 'activation: relu');
    const stale = await nextSpec(doc, since);
    assert.deepEqual(stale.staleResults, ['layers'], 'the edited key (an activation is part of layers:)');
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => /- dense: 4/.test(l));
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 6),
    );
    const hoverText = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /from before the last edit \(layers changed\): run again/);

    since = nn.panelMessages().length;
    await vscode.commands.executeCommand('nnspec.forward', { uri: doc.uri, sample: 'all' });
    const fresh = nn
      .panelMessages()
      .slice(since)
      .filter((m): m is SpecMessage => m.type === 'spec')
      .at(-1);
    assert.ok(fresh, 'the spec goes again with the new results');
    assert.equal(fresh.staleResults, undefined, 'the next run ends the notice');
  });
});
