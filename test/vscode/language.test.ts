/**
 * The nnspec language features in a real VS Code: the language id, diagnostics with exact ranges and
 * quick fixes, hovers, CodeLens, the Outline and completion, on the examples and on edited copies.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  api,
  closeAll,
  completionLabels,
  exampleFiles,
  hoverText,
  open,
  positionOf,
  tmpSpec,
  waitFor,
  WORKED,
} from './extensionHelpers';

describe('nnspec language features', function () {
  this.timeout(60_000);
  before(async () => {
    await api();
  });
  after(closeAll);

  it("a spec's problems leave with its last tab, and a spec saved with no tab (the close prompt) lists none", async () => {
    const broken = 'name: broken\ninput: 2\nlayers:\n  - dense: 1\n    activation: sigmod\nloss: mse\n';
    const isBroken = (uri: vscode.Uri) => () =>
      vscode.languages.getDiagnostics(uri).some((d) => d.message.includes("'sigmod'"));
    const shown = await open(tmpSpec('closed-tab', broken));
    await waitFor('the diagnostic of the shown spec', isBroken(shown.document.uri));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('no diagnostics once its tab is closed', () => !isBroken(shown.document.uri)());

    // Saved without a tab, as the close prompt saves: VS Code keeps the document open, the problems go.
    const doc = await vscode.workspace.openTextDocument(tmpSpec('saved-untabbed', broken));
    await waitFor('the diagnostic of the opened spec', isBroken(doc.uri));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save(), 'saved');
    await waitFor('no diagnostics once saved with no tab showing it', () => !isBroken(doc.uri)());
    assert.equal(doc.isClosed, false, 'the document is still open in VS Code');

    // Shown again: its problems are back.
    await open(doc.uri);
    await waitFor('the diagnostic back with its tab', isBroken(doc.uri));
  });

  it('keeps the last good layer lenses while the YAML is broken', async () => {
    const editor = await open(tmpSpec('broken-yaml', fs.readFileSync(WORKED, 'utf8')));
    const uri = editor.document.uri;
    const layerTitles = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri))
        .map((l) => l.command?.title ?? '')
        .filter((t) => /^(dense|maxout) \d+ → \d+ · /.test(t));
    const good = await layerTitles();
    assert.equal(good.length, 2, good.join(' | '));
    // A stray word under `layers:` (the file no longer parses into a spec: no summary).
    const layers = positionOf(editor.document, 'layers:', 'layers:'.length);
    assert.ok(await editor.edit((e) => e.insert(layers, '\noops')));
    await waitFor('a YAML error', () =>
      vscode.languages.getDiagnostics(uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.deepEqual(await layerTitles(), good);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('treats *.nnspec files as the nnspec language', async () => {
    const editor = await open(WORKED);
    assert.equal(editor.document.languageId, 'nnspec');
  });

  it('opens every example clean: no errors, a top CodeLens row and one lens per layer', async () => {
    const files = exampleFiles();
    assert.ok(files.length >= 6, `expected at least 6 examples, found ${files.length}`);
    for (const file of files) {
      const editor = await open(file);
      const uri = editor.document.uri;
      const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(
        errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
        [],
        path.basename(file),
      );
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      const titles = lenses.map((l) => l.command?.title ?? '');
      assert.ok(!titles.some((t) => /problem/.test(t)), `${path.basename(file)}: ${titles.join(' | ')}`);
      for (const t of ['Forward', 'Backward', 'Gradient check', 'Train', 'Step', 'Show network'])
        assert.ok(titles.includes(t), `${path.basename(file)}: no '${t}' lens in ${titles.join(' | ')}`);
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        uri,
      );
      const flat = (s: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => s.flatMap((x) => [x, ...flat(x.children)]);
      const layers = flat(symbols).filter((s) => /^layer \d+$/.test(s.name));
      const layerLenses = titles.filter((t) => /^(dense|maxout) \d+ → \d+ · /.test(t));
      assert.ok(layers.length >= 1, `${path.basename(file)}: no layers in the outline`);
      assert.equal(layerLenses.length, layers.length, `${path.basename(file)}: one lens per layer`);
    }
  });

  it("shows the lecture example's layer lenses with shapes and parameter counts", async () => {
    const editor = await open(WORKED);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      editor.document.uri,
    );
    const titles = lenses.map((l) => l.command?.title);
    // 2-3-1 without biases: 2×3 = 6 and 3×1 = 3 weights.
    assert.ok(titles.includes('dense 2 → 3 · 6 params'), titles.join(' | '));
    assert.ok(titles.includes('dense 3 → 1 · 3 params'), titles.join(' | '));
  });

  it('hovers a layer with "2 → 3", "W¹ 2×3, 6 parameters" and the output per batch', async () => {
    const editor = await open(WORKED);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      positionOf(editor.document, 'dense: 3', 2),
    );
    const text = hoverText(hovers);
    assert.ok(text.includes('2 → 3'), text);
    assert.ok(text.includes('W¹ 2×3, 6 parameters'), text);
    assert.ok(text.includes('(batch, 3)'), text);
    assert.ok(text.includes('Layer 1'), text);
  });

  it('hovers the input with its shape, and an activation and a loss with their formulas', async () => {
    const editor = await open(WORKED);
    const doc = editor.document;
    const at = async (p: vscode.Position) =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, p));
    assert.ok((await at(positionOf(doc, 'input:', 1))).includes('(batch, 2)'));
    const sigmoid = await at(positionOf(doc, 'sigmoid', 2));
    assert.ok(sigmoid.includes('σ(z) = 1 / (1 + e^(−z))') && sigmoid.includes('derivative'), sigmoid);
    const loss = await at(positionOf(doc, 'binary_cross_entropy', 3));
    assert.ok(loss.includes('log'), loss);
  });

  it('hovers a key with its doc and the data with its size', async () => {
    const editor = await open(WORKED);
    const doc = editor.document;
    const at = async (p: vscode.Position) =>
      hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, p));
    const lr = await at(positionOf(doc, 'learning_rate', 2));
    assert.ok(lr.includes('Step size'), lr);
    const data = await at(positionOf(doc, 'data:', 1));
    assert.ok(data.includes('1 training sample') && data.includes('2 features'), data);
  });

  it('underlines a misspelt activation with a suggestion and fixes it with a quick fix', async () => {
    const text = fs.readFileSync(WORKED, 'utf8');
    const first = text.indexOf('activation: sigmoid');
    assert.ok(first >= 0);
    const broken = text.slice(0, first) + 'activation: sigmod' + text.slice(first + 'activation: sigmoid'.length);
    const editor = await open(tmpSpec('misspelt', broken));
    const uri = editor.document.uri;
    const diag = await waitFor('the unknown-activation diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.message.includes("'sigmod'")),
    );
    assert.equal(diag.source, 'nnspec');
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(diag.message.includes("did you mean 'sigmoid'"), diag.message);
    assert.equal(editor.document.getText(diag.range), 'sigmod', 'the range is exactly the misspelt word');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title.includes('sigmoid'));
    assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(editor.document.getText().includes('activation: sigmoid'));
    await waitFor('the diagnostic to go away after the fix', () =>
      vscode.languages.getDiagnostics(uri).every((d) => !d.message.includes('sigmod')),
    );
  });

  it('updates diagnostics as the user types (debounced)', async () => {
    const editor = await open(tmpSpec('typing', fs.readFileSync(WORKED, 'utf8')));
    const uri = editor.document.uri;
    assert.equal(
      vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length,
      0,
    );
    // Make the first layer's weights 2×2 while the layer has 3 units.
    const weights = '[[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]';
    const start = positionOf(editor.document, weights);
    await editor.edit((e) =>
      e.replace(new vscode.Range(start, start.translate(0, weights.length)), '[[1.0, -1.0], [2.0, 2.0]]'),
    );
    const diag = await waitFor('a weights-shape diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error),
    );
    assert.equal(diag.range.start.line, start.line, diag.message);
    assert.match(diag.message, /2×2|2x2/);
  });

  it('resolves a csv path relative to the spec and notices when the file appears', async () => {
    const spec = [
      'layers:',
      '  - dense: 2',
      '    activation: softmax',
      'loss: cross_entropy',
      'data:',
      '  csv: late.csv',
      '  target: label',
      '',
    ].join('\n');
    const uri = tmpSpec('late-csv', spec);
    const csvPath = path.join(path.dirname(uri.fsPath), 'late.csv');
    fs.rmSync(csvPath, { force: true });
    const editor = await open(uri);
    const diag = await waitFor('a csv-unreadable diagnostic', () =>
      vscode.languages.getDiagnostics(uri).find((d) => d.message.includes('late.csv')),
    );
    assert.equal(editor.document.getText(diag.range), 'late.csv');
    const titles = async () =>
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map(
        (l) => l.command?.title ?? '',
      );
    assert.ok((await titles()).some((t) => /problem/.test(t)));
    fs.writeFileSync(csvPath, 'a,b,label\n0,0,0\n1,1,1\n');
    await waitFor(
      'the problem to go once the file exists',
      async () => !(await titles()).some((t) => /problem/.test(t)),
      5000,
    );
    const after = await titles();
    assert.ok(after.includes('dense 2 → 2 · 6 params'), after.join(' | '));
  });

  it('a csv that is a FIFO, or lies outside the spec’s folder, is a diagnostic at its path, not a frozen editor', async function () {
    if (process.platform === 'win32') this.skip();
    const spec = (csv: string) =>
      `layers:\n  - dense: 2\n    activation: softmax\nloss: cross_entropy\ndata:\n  csv: ${csv}\n  target: label\n`;
    const fifoUri = tmpSpec('fifo-csv', spec('pipe.csv'));
    const fifo = path.join(path.dirname(fifoUri.fsPath), 'pipe.csv');
    fs.rmSync(fifo, { force: true });
    (await import('node:child_process')).execFileSync('mkfifo', [fifo]);
    const fifoEditor = await open(fifoUri);
    const refused = await waitFor('the FIFO refused', () =>
      vscode.languages.getDiagnostics(fifoUri).find((d) => /not a regular file but a named pipe/.test(d.message)),
    );
    assert.equal(fifoEditor.document.getText(refused.range), 'pipe.csv');
    const outsideUri = tmpSpec('outside-csv', spec('../../../../../../../../etc/passwd'));
    await open(outsideUri);
    const outside = await waitFor('the path outside refused', () =>
      vscode.languages.getDiagnostics(outsideUri).find((d) => /lies outside the spec's folder/.test(d.message)),
    );
    assert.doesNotMatch(outside.message, /root:/);
  });

  it('lists the layers in the Outline', async () => {
    const editor = await open(WORKED);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      editor.document.uri,
    );
    const flat = (s: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] => s.flatMap((x) => [x, ...flat(x.children)]);
    const all = flat(symbols);
    const layers = all.filter((s) => /^layer \d+$/.test(s.name));
    assert.deepEqual(
      layers.map((s) => s.name),
      ['layer 1', 'layer 2'],
    );
    assert.ok(layers[0].detail.includes('2 → 3'), layers[0].detail);
    assert.ok(all.some((s) => s.name === 'input'));
    assert.ok(all.some((s) => s.name === 'binary_cross_entropy'));
  });

  it("shows the active spec's parameter count in the status bar", async () => {
    const nn = await api();
    await open(WORKED);
    await waitFor('the status bar to show 9 params', () => /\b9 params\b/.test(nn.statusBarText()), 5000);
  });

  it("offers the format's snippets", async () => {
    const editor = await open(tmpSpec('snippets', 'input: 2\nlayers:\n  \n'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(2, 2),
    );
    const snippets = list.items
      .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(snippets.includes('dense') && snippets.includes('maxout'), snippets.join(', '));
  });

  it("completes activation names, including the spec's own, and section keys", async () => {
    const text = [
      'input: 2',
      'activations:',
      '  swish:',
      '    f: x * sigmoid(x)',
      '    df: sigmoid(x) * (1 + x * (1 - sigmoid(x)))',
      'layers:',
      '  - dense: 3',
      '    activation: ',
      'loss: mse',
      'train:',
      '  optimizer: ',
      '',
    ].join('\n');
    const editor = await open(tmpSpec('completion', text));
    const doc = editor.document;
    const at = async (line: number) =>
      completionLabels(
        await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(line, doc.lineAt(line).text.length),
        ),
      );
    const acts = await at(7);
    for (const name of ['sigmoid', 'relu', 'softmax', 'swish'])
      assert.ok(acts.includes(name), `${name} not in ${acts.join(', ')}`);
    const opts = await at(10);
    for (const name of ['sgd', 'adam', 'momentum']) assert.ok(opts.includes(name), `${name} not in ${opts.join(', ')}`);
    const top = await at(11);
    for (const name of ['data', 'seed', 'gradcheck']) assert.ok(top.includes(name), `${name} not in ${top.join(', ')}`);
  });
});
