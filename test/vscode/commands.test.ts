/**
 * The nnspec commands in a real VS Code, on the lecture's worked example (seed 000): Forward and
 * Backward reproduce the lecture's numbers in the Output channel, the returned report and the panel's
 * messages; Gradient check passes; a broken spec is refused with a pointer to the Problems panel;
 * New Network Spec opens a valid untitled spec.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { GradcheckReport, PassReport } from '../../src/engine/types';
import { api, closeAll, example, open, tmpSpec, waitFor, WORKED } from './extensionHelpers';
import { gradcheckMessage } from '../../src/text/gradcheck';

const close = (a: number, b: number, tol = 5e-5) => Math.abs(a - b) <= tol;

describe('nnspec commands', function () {
  this.timeout(60_000);
  after(closeAll);

  it('Forward shows a¹ and ŷ (the lecture’s h and y) of the lecture example', async () => {
    const nn = await api();
    const editor = await open(WORKED);
    const report = await vscode.commands.executeCommand<PassReport>('nnspec.forward', editor.document.uri);
    assert.ok(report, 'Forward returned no report');
    // Seed 000: h = (0.99998, 0.73106, 0.99999), y = 0.590378.
    const h = report.layers[0].a[0];
    [0.99998, 0.73106, 0.99999].forEach((v, i) => assert.ok(close(h[i], v), `h${i} = ${h[i]}`));
    assert.ok(close(report.layers[1].a[0][0], 0.590378, 1e-6), `y = ${report.layers[1].a[0][0]}`);
    assert.equal(report.layers[0].dA, undefined, 'a forward pass has no gradients');
    assert.ok(nn.outputText().includes('ŷ = (0.59038)'), nn.outputText().slice(-2000));
    const posted = nn.panelMessages().filter((m) => m.type === 'forward');
    assert.ok(posted.length > 0, 'the panel got the forward report');
    assert.ok(nn.panelOpen(), 'the action opened the panel');
  });

  it("Backward puts the lecture's loss 0.52699 and gradients in the Output channel and the panel", async () => {
    const nn = await api();
    const editor = await open(WORKED);
    const before = nn.outputText().length;
    const report = await vscode.commands.executeCommand<PassReport>('nnspec.backward', editor.document.uri);
    assert.ok(report);
    assert.ok(close(report.loss, 0.52699227, 1e-7), `loss ${report.loss}`);
    // ∂J/∂V = (−0.40962, −0.29946, −0.40962): the output layer's weight gradient.
    const dV = (report.layers[1].params.W.grad as number[][]).map((r) => r[0]);
    [-0.40962, -0.29946, -0.40962].forEach((v, i) => assert.ok(close(dV[i], v), `dV${i} = ${dV[i]}`));
    const text = nn.outputText().slice(before);
    assert.ok(text.includes('0.52699'), text);
    const last = nn
      .panelMessages()
      .filter((m) => m.type === 'backward')
      .at(-1);
    assert.ok(last && last.type === 'backward');
    assert.ok(close(last.report.loss, 0.52699227, 1e-7));
  });

  it('shows the last backward numbers in the layer hover', async () => {
    const editor = await open(WORKED);
    await vscode.commands.executeCommand('nnspec.backward', editor.document.uri);
    const text = editor.document.getText();
    const pos = editor.document.positionAt(text.indexOf('dense: 1') + 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      pos,
    );
    const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(md.includes('Last backward pass'), md);
    assert.ok(md.includes('0.59038'), md); // ŷ
    assert.ok(md.includes('‖∂J/∂W²‖'), md);
  });

  it('Forward on one sample reports just that sample', async () => {
    const editor = await open(WORKED);
    const report = await vscode.commands.executeCommand<PassReport>('nnspec.forward', {
      uri: editor.document.uri,
      sample: 0,
    });
    assert.deepEqual(report.samples, [0]);
    const none = await vscode.commands.executeCommand<PassReport | undefined>('nnspec.forward', {
      uri: editor.document.uri,
      sample: 5,
    });
    assert.equal(none, undefined, 'sample 5 does not exist in a one-sample data set');
  });

  it('Gradient check passes on the lecture example and reaches the panel', async () => {
    const nn = await api();
    const editor = await open(WORKED);
    const report = await vscode.commands.executeCommand<GradcheckReport>('nnspec.gradcheck', editor.document.uri);
    assert.ok(report);
    assert.equal(report.passed, true, gradcheckMessage(report));
    assert.ok(report.maxRelativeError < 1e-6, String(report.maxRelativeError));
    assert.ok(nn.panelMessages().some((m) => m.type === 'gradcheck'));
  });

  it('Gradient check passes on the custom activation and names the layer of a wrong derivative', async () => {
    const file = example('custom-activation');
    const good = await vscode.commands.executeCommand<GradcheckReport>(
      'nnspec.gradcheck',
      (await open(file)).document.uri,
    );
    assert.equal(good?.passed, true, good && gradcheckMessage(good));
    const text = fs.readFileSync(file, 'utf8');
    const df = /^(\s*df:).*$/m;
    assert.match(text, df);
    const wrong = text.replace(df, '$1 sigmoid(x)'); // forgets the x·σ′(x) term
    const report = await vscode.commands.executeCommand<GradcheckReport>(
      'nnspec.gradcheck',
      (await open(tmpSpec('wrong-df', wrong))).document.uri,
    );
    assert.equal(report?.passed, false);
    assert.ok(
      report.groups.some((g) => g.layer === 1 && g.status === 'fail'),
      JSON.stringify(report.groups),
    );
    assert.equal(report.suspect?.layer, 1, JSON.stringify(report.suspect));
    assert.match(gradcheckMessage(report), /layer 1/);
  });

  it("runs on the editor's unsaved text", async () => {
    const uri = tmpSpec('unsaved', fs.readFileSync(WORKED, 'utf8'));
    const editor = await open(uri);
    const doc = editor.document;
    const at = doc.getText().indexOf('[[0.1], [0.5], [-0.1]]');
    await editor.edit((e) =>
      e.replace(
        new vscode.Range(doc.positionAt(at), doc.positionAt(at + '[[0.1], [0.5], [-0.1]]'.length)),
        '[[0.0], [0.0], [0.0]]',
      ),
    );
    assert.ok(doc.isDirty);
    const report = await vscode.commands.executeCommand<PassReport>('nnspec.forward', doc.uri);
    // With zero output weights y = σ(0) = 0.5 exactly.
    assert.equal(report.layers[1].a[0][0], 0.5);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('refuses a broken spec, pointing to the Problems panel', async () => {
    const nn = await api();
    const broken = fs.readFileSync(WORKED, 'utf8').replace('activation: sigmoid', 'activation: sigmod');
    const editor = await open(tmpSpec('broken', broken));
    await vscode.commands.executeCommand('nnspec.showNetwork', editor.document.uri);
    const report = await vscode.commands.executeCommand<PassReport | undefined>('nnspec.backward', editor.document.uri);
    assert.equal(report, undefined);
    assert.match(nn.outputText(), /1 error.*Problems panel/);
    const banner = nn
      .panelMessages()
      .filter((m) => m.type === 'error')
      .at(-1);
    assert.ok(banner && banner.type === 'error' && banner.range, 'the panel got an error banner with the place');
  });

  it('New Network Spec opens a valid untitled nnspec document named after its name:', async () => {
    await vscode.commands.executeCommand('nnspec.newSpec');
    const doc = await waitFor('an untitled nnspec editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d && d.isUntitled && d.languageId === 'nnspec' ? d : undefined;
    });
    assert.match(doc.uri.path, /\/my-network(-\d+)?\.nnspec$/, doc.uri.toString());
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.match(
      tab?.label ?? '',
      /^my-network(-\d+)?\.nnspec$/,
      'the tab is titled by the file name, not the comment',
    );
    assert.match(doc.getText(), /^# A neural network spec/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(!titles.some((t) => /problem/.test(t)), titles.join(' | '));
    assert.ok(
      titles.some((t) => /^dense 2 → 8/.test(t)),
      titles.join(' | '),
    );
    const report = await vscode.commands.executeCommand<PassReport>('nnspec.forward', doc.uri);
    assert.ok(report && report.layers.length === 2);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Show Network opens the panel and posts the spec with its summary', async () => {
    const nn = await api();
    const editor = await open(WORKED);
    await vscode.commands.executeCommand('nnspec.showNetwork', editor.document.uri);
    assert.ok(nn.panelOpen());
    const spec = nn
      .panelMessages()
      .filter((m) => m.type === 'spec')
      .at(-1);
    assert.ok(spec && spec.type === 'spec');
    assert.equal(spec.summary?.totalParams, 9);
    assert.equal(spec.sampleCount, 1);
    assert.deepEqual(Object.keys(spec.layerLines).map(Number), [1, 2]);
  });
});
