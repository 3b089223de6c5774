/**
 * Runs compared in a real VS Code: a second Train no longer replaces the first run's curve. XOR is
 * trained at one learning rate, the spec is edited to another and trained again; the panel is sent
 * both runs, the second labelled with what changed, and gets them back when it follows another
 * document and returns; Clear (from the panel) forgets the earlier run.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TrainResult } from '../../src/engine/types';
import type { ToWebview } from '../../src/protocol/messages';
import { stopMessage } from '../../src/text/training';
import { api, closeAll, example, open, tmpSpec, waitFor } from './extensionHelpers';

type Start = Extract<ToWebview, { type: 'trainStart' }>;

/** The panel's trainStart messages about `uri` from index `from` on. */
function starts(messages: readonly ToWebview[], uri: string, from = 0): Start[] {
  return messages.slice(from).filter((m): m is Start => m.type === 'trainStart' && m.uri === uri);
}

describe('nnspec runs compared', function () {
  this.timeout(120_000);
  after(closeAll);

  it('two runs with different learning rates both show, the second labelled with the change', async () => {
    const nn = await api();
    const xor = fs.readFileSync(example('xor'), 'utf8');
    assert.match(xor, /learning_rate: 0\.05\n/, 'the XOR example trains at 0.05');
    const editor = await open(tmpSpec('xor-rates', xor.replace(/epochs: \d+/, 'epochs: 120')));
    const doc = editor.document;
    const uri = doc.uri.toString();

    const first = await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri);
    assert.equal(first?.reason, 'completed', first && stopMessage(first));
    const edit = new vscode.WorkspaceEdit();
    const at = doc.getText().indexOf('0.05');
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + 4)), '0.5');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const before = nn.panelMessages().length;
    const second = await vscode.commands.executeCommand<TrainResult>('nnspec.train', doc.uri);
    assert.equal(second?.reason, 'completed', second && stopMessage(second));

    const [start] = starts(nn.panelMessages(), uri, before);
    assert.ok(start, 'the second run started in the panel');
    assert.equal(start.ordinal, 2);
    assert.equal(start.label, 'learning_rate 0.05 → 0.5');
    assert.equal(start.earlier?.length, 1, 'the first run is kept');
    const earlier = start.earlier![0];
    assert.equal(earlier.label, 'first run');
    assert.equal(earlier.ordinal, 1);
    assert.deepEqual(
      earlier.history.map((m) => m.loss),
      first.history.map((m) => m.loss),
      "the first run's whole curve",
    );
    assert.notDeepEqual(
      second.history.map((m) => m.loss),
      first.history.map((m) => m.loss),
      'the two rates give two curves',
    );

    // The panel follows another spec, then comes back: both runs are sent again.
    await open(example('backprop'));
    await waitFor('the panel to follow the other spec', () =>
      nn.panelMessages().some((m, i) => i >= before && m.type === 'spec' && m.uri !== uri),
    );
    const away = nn.panelMessages().length;
    await open(doc.uri);
    const back = await waitFor('the runs to be sent again', () => starts(nn.panelMessages(), uri, away)[0]);
    assert.equal(back.label, 'learning_rate 0.05 → 0.5');
    assert.deepEqual(
      back.earlier?.map((r) => r.label),
      ['first run'],
    );

    // Clear, as the panel's button asks for it.
    assert.equal(nn.simulatePanelMessage({ type: 'clearRuns', uri }), true);
    assert.deepEqual(nn.panelMessages().at(-1), { type: 'runsCleared', uri });
    assert.equal(
      nn.simulatePanelMessage({ type: 'clearRuns', uri: 'file:///elsewhere.nnspec' }),
      false,
      'a Clear about a document the panel no longer shows is dropped',
    );
  });
});
