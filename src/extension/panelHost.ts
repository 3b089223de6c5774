/**
 * The host side of the network panel (a WebviewPanel beside the editor): creates or restores it with a
 * strict Content-Security-Policy, follows the active .nnspec editor and re-posts its 'spec' shortly
 * after an edit, forwards run results to it, and acts on its validated messages ('run', 'reveal').
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import {
  isFromWebview,
  type FromWebview,
  type RunAction,
  type SampleChoice,
  type ToWebview,
} from '../protocol/messages';
import { SpecStore, isSpecDocument } from './specStore';
import { RunResults } from './runResults';
import { readSettings } from './settings';

export const VIEW_TYPE = 'nnspec.network';

/** At most this many data points are sent for the decision-boundary view. */
const MAX_POINTS = 2000;
/** Messages kept for the extension's API (tests read what the panel was sent). */
const LOG_SIZE = 200;

export type RunHandler = (action: RunAction, uri: vscode.Uri, sample: SampleChoice | undefined) => unknown;

export class NetworkPanelHost implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private followed: vscode.TextDocument | undefined;
  private ready = false;
  private queue: ToWebview[] = [];
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly log: ToWebview[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: SpecStore,
    private readonly results: RunResults,
    private readonly onRun: RunHandler,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && isSpecDocument(editor?.document) && editor.document !== this.followed)
          this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document === this.followed) this.scheduleSpec();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc === this.followed) this.followed = undefined;
      }),
    );
  }

  /** The document the panel shows, if any. */
  followedDocument(): vscode.TextDocument | undefined {
    return this.panel ? this.followed : undefined;
  }

  isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Recent messages sent to the panel, oldest first. */
  sentMessages(): readonly ToWebview[] {
    return this.log;
  }

  /** Opens the panel beside the editor (or reveals it) following `doc`. */
  show(doc: vscode.TextDocument | undefined, preserveFocus = true): void {
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        'Network',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
        this.webviewOptions(),
      );
      this.attach(panel);
    } else if (!this.panel.visible) {
      this.panel.reveal(undefined, preserveFocus);
    }
    if (doc && doc !== this.followed) this.follow(doc);
  }

  /** Sends a message about `doc` to the panel, opening it first unless `open` is false. */
  post(doc: vscode.TextDocument, message: ToWebview, open = true): void {
    if (open) this.show(doc, true);
    if (!this.panel || doc !== this.followed) return;
    this.send(message);
  }

  /** Follows `doc`: its spec, then what was run on it before (so switching back to a file shows its results again). */
  private follow(doc: vscode.TextDocument): void {
    const switched = this.followed !== undefined && this.followed !== doc;
    this.followed = doc;
    if (this.panel) this.panel.title = `Network · ${this.fileName(doc)}`;
    this.send(this.specMessage(doc));
    if (switched) for (const m of this.resultMessages(doc, this.trainingReplay?.(doc.uri) ?? [])) this.send(m);
  }

  private scheduleSpec(): void {
    if (this.editTimer !== undefined) clearTimeout(this.editTimer);
    const delay = Math.min(readSettings(this.followed?.uri).diagnosticsDelayMs, 400);
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      if (this.panel && this.followed) this.send(this.specMessage(this.followed));
    }, delay);
  }

  private send(message: ToWebview): void {
    this.log.push(message);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    if (!this.panel) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.enqueue(message);
  }

  /** Keeps what a hidden or loading webview missed, compactly: the latest spec, training progress merged. */
  private enqueue(message: ToWebview): void {
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'trainProgress' && last?.type === 'trainProgress') {
      this.queue[this.queue.length - 1] = {
        type: 'trainProgress',
        metrics: [...last.metrics, ...message.metrics],
        snapshot: message.snapshot ?? last.snapshot,
        grid: message.grid ?? last.grid,
      };
      return;
    }
    if (message.type === 'spec') this.queue = this.queue.filter((m) => m.type !== 'spec');
    this.queue.push(message);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    panel.webview.options = this.webviewOptions();
    if (this.panel) {
      panel.dispose();
      return;
    }
    this.attach(panel);
    const uri =
      typeof state === 'object' && state !== null && typeof (state as { uri?: unknown }).uri === 'string'
        ? (state as { uri: string }).uri
        : undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    let doc: vscode.TextDocument | undefined =
      open ??
      (isSpecDocument(vscode.window.activeTextEditor?.document) ? vscode.window.activeTextEditor?.document : undefined);
    if (!doc && uri) {
      try {
        const parsed = vscode.Uri.parse(uri, true);
        if (parsed.scheme === 'file') doc = await vscode.workspace.openTextDocument(parsed);
      } catch {
        /* the file is gone: the panel waits for the next spec editor */
      }
    }
    if (doc) this.follow(doc);
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.queue = [];
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'nnspec-file.png');
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receiveUnchecked(m)),
      panel.onDidDispose(() => this.detach()),
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
  }

  private detach(): void {
    for (const d of this.panelDisposables) d.dispose();
    this.panelDisposables = [];
    this.panel = undefined;
    this.ready = false;
    this.queue = [];
    if (this.editTimer !== undefined) {
      clearTimeout(this.editTimer);
      this.editTimer = undefined;
    }
  }

  /** Handles a message as it comes from the webview: validated first, anything else dropped. */
  receiveUnchecked(message: unknown): boolean {
    if (!this.panel || !isFromWebview(message)) return false;
    this.receive(message);
    return true;
  }

  private receive(message: FromWebview): void {
    switch (message.type) {
      case 'ready':
        return this.onReady();
      case 'run':
        if (this.followed) void Promise.resolve(this.onRun(message.action, this.followed.uri, message.sample));
        return;
      case 'reveal':
        return void this.reveal(message.line, message.character ?? 0);
    }
  }

  /** Set by the training host: the messages that bring a (re)loaded webview up to date with a run of `uri`. */
  trainingReplay: ((uri: vscode.Uri) => ToWebview[]) | undefined;

  /** The webview (new, restored or shown again) asks for its state: the spec, then what happened so far. */
  private onReady(): void {
    if (!this.panel) return;
    this.ready = true;
    const doc = this.followed;
    const training = doc ? (this.trainingReplay?.(doc.uri) ?? []) : [];
    const pending = this.queue.filter(
      (m) => m.type !== 'spec' && !(training.length > 0 && (m.type === 'trainStart' || m.type === 'trainProgress')),
    );
    this.queue = [];
    const messages: ToWebview[] = [];
    if (doc) messages.push(this.specMessage(doc));
    if (pending.length > 0) messages.push(...pending, ...training);
    else if (doc) messages.push(...this.resultMessages(doc, training));
    for (const m of messages) void this.panel.webview.postMessage(m);
  }

  /**
   * The messages that show `doc`'s earlier results again (after its 'spec'): its last finished
   * training (loss history, final weights, boundary), then its last forward/backward pass and gradient
   * check, then the run under way on it, if any. Passes are marked as replays so nothing re-animates.
   */
  private resultMessages(doc: vscode.TextDocument, running: ToWebview[]): ToWebview[] {
    const out: ToWebview[] = [];
    const trained = this.results.lastTraining(doc.uri);
    if (trained && running.length === 0) {
      out.push(
        { type: 'trainStart', epochs: trained.epochs },
        { type: 'trainEnd', result: trained.result, snapshot: trained.snapshot, grid: trained.grid },
      );
    }
    const pass = this.results.lastPass(doc.uri);
    if (pass && pass.kind !== 'training') {
      out.push({
        type: pass.kind,
        report: pass.report,
        sample: pass.report.samples.length === 1 ? pass.report.samples[0] : 'all',
        replay: true,
      });
    }
    const check = this.results.lastGradcheck(doc.uri);
    if (check) out.push({ type: 'gradcheck', report: check });
    return [...out, ...running];
  }

  private async reveal(line: number, character: number): Promise<void> {
    const doc = this.followed;
    if (!doc) return;
    const l = Math.min(line, Math.max(0, doc.lineCount - 1));
    const pos = new vscode.Position(l, Math.min(character, doc.lineAt(l).text.length));
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const editor = await vscode.window.showTextDocument(doc, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      preserveFocus: false,
    });
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** What the panel needs to draw the spec: summary, diagnostics, layer lines and (2-D classifiers) the points. */
  specMessage(doc: vscode.TextDocument): ToWebview {
    const analysis = this.store.analyze(doc);
    const layerLines: Record<number, number> = {};
    for (const s of analysis.symbols)
      if (s.kind === 'layer' && s.layerIndex !== undefined) layerLines[s.layerIndex] = s.range.start.line;
    let points: { x: number; y: number; label: number }[] | undefined;
    let classes: number | undefined;
    let sampleCount = 0;
    if (analysis.spec) {
      const loaded = this.store.data(doc, analysis.spec);
      if ('data' in loaded) {
        const train = loaded.data.train;
        sampleCount = train.n;
        classes = train.classes;
        if (train.inputs === 2 && train.labels) {
          const step = Math.max(1, Math.ceil(train.n / MAX_POINTS));
          points = [];
          for (let i = 0; i < train.n; i += step)
            points.push({ x: train.x[2 * i], y: train.x[2 * i + 1], label: train.labels[i] });
        }
      }
    }
    return {
      type: 'spec',
      uri: doc.uri.toString(),
      fileName: this.fileName(doc),
      summary: analysis.summary,
      diagnostics: analysis.diagnostics,
      layerLines,
      points,
      classes,
      sampleCount,
    };
  }

  private fileName(doc: vscode.TextDocument): string {
    return doc.isUntitled ? doc.uri.path : basename(doc.uri.fsPath);
  }

  /** The HTML shell: the webview's bundle by nonce, its stylesheet, nothing remote, nothing inline. */
  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'webview.css'));
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>nnspec network</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    this.detach();
    for (const d of this.disposables) d.dispose();
  }
}
