/**
 * The network panel's host side in a real VS Code: it follows the active spec editor, re-posts the
 * spec shortly after an edit, acts on the webview's validated 'run' and 'reveal' messages about the
 * document it follows and drops anything else, and shows a file's record again when it comes back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ToWebview } from '../../src/protocol/messages';
import { api, closeAll, example, open, positionOf, tmpSpec, waitFor, WORKED } from './extensionHelpers';

type SpecMessage = Extract<ToWebview, { type: 'spec' }>;

async function lastSpec(): Promise<SpecMessage | undefined> {
  const m = (await api())
    .panelMessages()
    .filter((x): x is SpecMessage => x.type === 'spec')
    .at(-1);
  return m;
}

describe('nnspec network panel host', function () {
  this.timeout(60_000);
  after(closeAll);

  it("a layer's CodeLens shows the panel and points at that layer", async () => {
    const nn = await api();
    const editor = await open(WORKED);
    const lenses = await waitFor('layer lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        editor.document.uri,
      );
      const layers = (l ?? []).filter((x) => /^dense /.test(x.command?.title ?? ''));
      return layers.length === 2 ? layers : undefined;
    });
    const second = lenses[1].command!;
    await vscode.commands.executeCommand(second.command, ...(second.arguments ?? []));
    assert.ok(nn.panelOpen());
    const last = nn.panelMessages().at(-1);
    assert.deepEqual(last, { type: 'highlightLayer', uri: editor.document.uri.toString(), layer: 2 });
  });

  it('follows the active .nnspec editor', async () => {
    const worked = await open(WORKED);
    await vscode.commands.executeCommand('nnspec.showNetwork', worked.document.uri);
    assert.equal((await lastSpec())?.fileName, 'backprop-by-hand.nnspec');
    await open(example('xor'));
    const spec = await waitFor('the panel to follow xor', async () => {
      const s = await lastSpec();
      return s?.fileName === 'xor.nnspec' ? s : undefined;
    });
    assert.equal(spec.summary?.totalParams, 17, '2-4-1 with biases: 12 + 5');
    assert.equal(spec.classes, 2);
    assert.ok(spec.points && spec.points.length === spec.sampleCount, 'a 2-D classifier sends its points');
  });

  it('re-posts the spec within a moment of an edit', async () => {
    const editor = await open(tmpSpec('edited', fs.readFileSync(WORKED, 'utf8')));
    await vscode.commands.executeCommand('nnspec.showNetwork', editor.document.uri);
    const start = positionOf(editor.document, 'dense: 3', 7);
    await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, 1)), '4'));
    // The explicit 2×3 weights no longer fit 4 units: the panel gets the error and the new shapes.
    const spec = await waitFor(
      'a spec message with 4 units',
      async () => {
        const s = await lastSpec();
        return s?.summary?.layers[0].units === 4 ? s : undefined;
      },
      5000,
    );
    assert.ok(
      spec.diagnostics.some((d) => d.severity === 'error'),
      'the weights error reaches the panel',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('runs what the webview asks for and reveals the line it points to', async () => {
    const nn = await api();
    const editor = await open(WORKED);
    await vscode.commands.executeCommand('nnspec.showNetwork', editor.document.uri);
    const before = nn.panelMessages().length;
    const uri = editor.document.uri.toString();
    assert.equal(nn.simulatePanelMessage({ type: 'run', uri, action: 'backward', sample: 0 }), true);
    const posted = await waitFor('a backward report', () =>
      nn
        .panelMessages()
        .slice(before)
        .find((m) => m.type === 'backward'),
    );
    assert.ok(posted.type === 'backward' && posted.sample === 0 && Math.abs(posted.report.loss - 0.52699227) < 1e-7);
    assert.equal(posted.uri, uri, 'the report names its document');
    assert.equal(nn.simulatePanelMessage({ type: 'reveal', uri, line: 9, character: 4 }), true);
    const active = await waitFor('the editor to show line 10', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === WORKED && e.selection.active.line === 9 ? e : undefined;
    });
    assert.equal(active.selection.active.character, 4);
  });

  it('drops a run or reveal about a document the panel no longer follows', async () => {
    const nn = await api();
    const worked = await open(WORKED);
    await vscode.commands.executeCommand('nnspec.showNetwork', worked.document.uri);
    const xor = await open(example('xor'));
    await waitFor('the panel to follow xor', async () => (await lastSpec())?.fileName === 'xor.nnspec');
    const before = nn.panelMessages().length;
    const stale = worked.document.uri.toString();
    assert.equal(nn.simulatePanelMessage({ type: 'run', uri: stale, action: 'forward', sample: 0 }), false);
    assert.equal(nn.simulatePanelMessage({ type: 'reveal', uri: stale, line: 9 }), false);
    assert.equal(
      nn.simulatePanelMessage({ type: 'run', uri: xor.document.uri.toString(), action: 'forward', sample: 0 }),
      true,
    );
    const forward = await waitFor('the forward pass on xor', () =>
      nn
        .panelMessages()
        .slice(before)
        .find((m) => m.type === 'forward'),
    );
    assert.equal(forward.uri, xor.document.uri.toString(), 'run on the document the panel shows');
    assert.equal(
      nn
        .panelMessages()
        .slice(before)
        .filter((m) => m.type === 'forward').length,
      1,
      'and nothing ran for the stale message',
    );
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), xor.document.uri.toString());
  });

  it("shows a file's earlier results again when the panel comes back to it", async () => {
    const nn = await api();
    const worked = await open(WORKED);
    const trained = await vscode.commands.executeCommand<{ final: { epoch: number; loss: number } }>(
      'nnspec.train',
      worked.document.uri,
    );
    assert.ok(trained && trained.final.epoch > 0, 'the worked example trains');
    await vscode.commands.executeCommand('nnspec.backward', worked.document.uri);
    await vscode.commands.executeCommand('nnspec.gradcheck', worked.document.uri);
    await open(example('xor'));
    await waitFor('the panel to follow xor', async () => (await lastSpec())?.fileName === 'xor.nnspec');
    const before = nn.panelMessages().length;
    await open(WORKED);
    const back = await waitFor("the worked example's results sent again", () => {
      const sent = nn.panelMessages().slice(before);
      return sent.some((m) => m.type === 'gradcheck') ? sent : undefined;
    });
    const types = back.map((m) => m.type);
    assert.equal(types[0], 'spec', 'the spec comes first, so the panel draws the right network');
    assert.ok(
      back.every((m) => m.uri === worked.document.uri.toString()),
      'every message names the worked example',
    );
    const end = back.find((m) => m.type === 'trainEnd');
    assert.ok(
      end && end.type === 'trainEnd' && end.result.history.length === trained.final.epoch,
      'the loss history of the finished run',
    );
    const pass = back.find((m) => m.type === 'backward');
    assert.ok(
      pass &&
        pass.type === 'backward' &&
        pass.replay === true &&
        Math.abs(pass.report.loss - trained.final.loss) <= 1e-12 * trained.final.loss &&
        /^trained · epoch /.test(pass.weights ?? ''),
      'the last backward pass (on the trained weights), marked as a replay',
    );
    assert.ok(
      types.indexOf('trainEnd') < types.indexOf('backward'),
      'the pass after the training, so the drawing shows the pass',
    );
    const check = back.find((m) => m.type === 'gradcheck');
    assert.ok(check && check.type === 'gradcheck' && check.report.passed);
  });

  it('drops messages that are not valid FromWebview messages', async () => {
    const nn = await api();
    for (const junk of [
      null,
      'run',
      { type: 'run', action: 'format-disk' },
      { type: 'reveal', line: -1 },
      { type: 'reveal', line: 1.5 },
      { type: 'run', uri: 'file:///x.nnspec', action: 'forward', sample: 'x' },
      { type: 'run', action: 'forward' },
      { type: 'reveal', line: 1 },
    ]) {
      assert.equal(nn.simulatePanelMessage(junk), false, JSON.stringify(junk));
    }
  });
});
