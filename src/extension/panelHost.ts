/**
 * The host side of the network panel (a WebviewPanel beside the editor): creates or restores it with a
 * strict Content-Security-Policy, follows the active .nnspec editor and re-posts its 'spec' shortly
 * after an edit, renders the followed document's record (each change as it happens, the whole record
 * again when the panel comes back to the document or reloads), and acts on the webview's validated
 * messages ('run', 'reveal', 'clearRuns') when they name the document it follows.
 */
import { staleResults } from './staleResults';
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
import type { Range } from '../format/types';
import { SpecStore, isSpecDocument } from './specStore';
import { shownInTab } from './tabs';
import type { DocumentRecords } from './documentRecord';
import { changeMessages, isTrainingMessage, readyMessages, replayMessages } from './recordMessages';
import { Disposable, DisposableStore } from './dispose';
import { readSettings } from './settings';

export const VIEW_TYPE = 'nnspec.network';

/** At most this many data points are sent for the decision-boundary view. */
const MAX_POINTS = 2000;
/** Messages kept for the extension's API (tests read what the panel was sent). */
const LOG_SIZE = 200;

export type RunHandler = (action: RunAction, uri: vscode.Uri, sample: SampleChoice | undefined) => unknown;

export class NetworkPanelHost extends Disposable {
  /** Whether the last spec message said the results were stale (new results then send it again). */
  private lastSpecStale = false;
  private panel: vscode.WebviewPanel | undefined;
  /** The listeners of the current panel, released when it closes. */
  private readonly panelListeners = this._register(new DisposableStore());
  private followed: vscode.TextDocument | undefined;
  private ready = false;
  private queue: ToWebview[] = [];
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly log: ToWebview[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
    private readonly onRun: RunHandler,
  ) {
    super();
    this._register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.restore(panel, state),
      }),
    );
    this._register(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && isSpecDocument(editor?.document) && editor.document !== this.followed)
          this.follow(editor.document);
      }),
    );
    this._register(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document === this.followed) this.scheduleSpec();
      }),
    );
    this._register(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc === this.followed) this.unfollow();
      }),
    );
    // VS Code keeps a document open long after its last tab closed: the tabs say when the user closed it.
    this._register(
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.closed.length > 0 && this.followed && !shownInTab(this.followed.uri)) this.unfollow();
      }),
    );
    this._register(
      records.onDidChange(({ record, change }) => {
        if (!this.panel || record.uri !== this.followed?.uri.toString()) return;
        // New results end a stale notice: the spec message carries it, so it goes again first.
        const renews = ['pass', 'gradcheck', 'trainStart'].includes(change.type);
        if (renews && this.lastSpecStale) this.send(this.specMessage(this.followed));
        for (const m of changeMessages(record.uri, change)) this.send(m);
      }),
    );
  }

  /** The followed spec was closed: the panel is told (a run of it has stopped) and goes idle. */
  private unfollow(): void {
    const doc = this.followed;
    if (!doc) return;
    this.send({ type: 'closed', uri: doc.uri.toString() });
    this.followed = undefined;
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

  /** Points at layer `layer` (1-based) of `doc`'s network in the panel, if the panel follows `doc`. */
  highlightLayer(doc: vscode.TextDocument, layer: number): void {
    if (this.panel && doc === this.followed) this.send({ type: 'highlightLayer', uri: doc.uri.toString(), layer });
  }

  /** Shows a failed action's message as a banner, if the panel follows `doc` (it is not opened for it). */
  showError(doc: vscode.TextDocument, message: string, range?: Range): void {
    if (this.panel && doc === this.followed) this.send({ type: 'error', uri: doc.uri.toString(), message, range });
  }

  /** Follows `doc`: its spec, then its record (so switching back to a file shows its results again). */
  private follow(doc: vscode.TextDocument): void {
    const switched = this.followed !== undefined && this.followed !== doc;
    this.followed = doc;
    if (this.panel) this.panel.title = `Network · ${this.fileName(doc)}`;
    this.send(this.specMessage(doc));
    if (switched) for (const m of replayMessages(this.records.get(doc.uri.toString()))) this.send(m);
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

  /**
   * Keeps what a hidden or loading webview missed, compactly: the latest spec, and of consecutive
   * training messages only the last, as the place where onReady puts the run from the record.
   */
  private enqueue(message: ToWebview): void {
    if (message.type === 'spec') this.queue = this.queue.filter((m) => m.type !== 'spec');
    else if (isTrainingMessage(message) && isTrainingMessage(this.queue[this.queue.length - 1])) this.queue.pop();
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
    this.panelListeners.add(panel.webview.onDidReceiveMessage((m: unknown) => this.receiveUnchecked(m)));
    this.panelListeners.add(panel.onDidDispose(() => this.detach()));
    this.panelListeners.add(
      panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.ready = false;
      }),
    );
  }

  private detach(): void {
    this.panelListeners.clear();
    this.panel = undefined;
    this.ready = false;
    this.queue = [];
    if (this.editTimer !== undefined) {
      clearTimeout(this.editTimer);
      this.editTimer = undefined;
    }
  }

  /**
   * Handles a message as it comes from the webview: validated first, anything else dropped, and so is a
   * 'run', 'reveal' or 'clearRuns' about a document other than the one the panel follows now (sent before it switched).
   */
  receiveUnchecked(message: unknown): boolean {
    if (!this.panel || !isFromWebview(message)) return false;
    return this.receive(message);
  }

  private receive(message: FromWebview): boolean {
    if (message.type === 'ready') {
      this.onReady();
      return true;
    }
    const doc = this.followed;
    if (!doc || message.uri !== doc.uri.toString()) return false;
    if (message.type === 'run') void Promise.resolve(this.onRun(message.action, doc.uri, message.sample));
    else if (message.type === 'clearRuns') this.records.get(message.uri)?.clearEarlierRuns();
    else void this.reveal(doc, message.line, message.character ?? 0);
    return true;
  }

  /** The webview (new, restored or shown again) asks for its state: the spec, then what it missed or the record. */
  private onReady(): void {
    if (!this.panel) return;
    this.ready = true;
    const missed = this.queue;
    this.queue = [];
    const doc = this.followed;
    if (!doc) return;
    const uri = doc.uri.toString();
    const messages = [this.specMessage(doc), ...readyMessages(uri, missed, this.records.get(uri))];
    for (const m of messages) void this.panel.webview.postMessage(m);
  }

  private async reveal(doc: vscode.TextDocument, line: number, character: number): Promise<void> {
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
    const { analysis, data, config } = this.store.open(doc);
    const stale = staleResults(this.records.get(doc.uri.toString()), config);
    this.lastSpecStale = !!stale;
    const layerLines: Record<number, number> = {};
    for (const s of analysis.symbols)
      if (s.kind === 'layer' && s.layerIndex !== undefined) layerLines[s.layerIndex] = s.range.start.line;
    let points: { x: number; y: number; label: number }[] | undefined;
    let classes: number | undefined;
    let sampleCount = 0;
    if (data) {
      const train = data.train;
      sampleCount = train.n;
      classes = train.classes;
      if (train.inputs === 2 && train.labels) {
        const step = Math.max(1, Math.ceil(train.n / MAX_POINTS));
        points = [];
        for (let i = 0; i < train.n; i += step)
          points.push({ x: train.x[2 * i], y: train.x[2 * i + 1], label: train.labels[i] });
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
      ...(stale ? { staleResults: stale } : {}),
      ...(analysis.graphSummary ? { graph: analysis.graphSummary, graphTrains: !!analysis.graph?.train } : {}),
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

  override dispose(): void {
    this.panel?.dispose();
    this.detach();
    super.dispose();
  }
}
