/**
 * The extension's entry point: creates the pieces (spec store, document records, diagnostics,
 * providers, panel host, training host, status bar, commands, the weights and export commands), wires
 * them together and registers them; every disposable goes to context.subscriptions. Returns a small
 * API that the integration tests read.
 */
import * as vscode from 'vscode';
import type { ToWebview } from '../protocol/messages';
import { SpecStore, LANGUAGE_ID } from './specStore';
import { DocumentRecords } from './documentRecord';
import { Diagnostics } from './diagnostics';
import { QuickFixProvider } from './codeActions';
import { SpecHoverProvider } from './hover';
import { SpecCodeLensProvider } from './codeLens';
import { SpecSymbolProvider } from './symbols';
import { SpecCompletionProvider, TRIGGER_CHARACTERS } from './completion';
import { Output } from './output';
import { NetworkPanelHost } from './panelHost';
import { TrainingHost, type TrainingState } from './trainingHost';
import { SpecStatusBar } from './statusBar';
import { Commands } from './commands';
import { ComputeHost } from './computeHost';
import { WeightsCommands } from './weightsCommands';
import { COMMANDS } from './commandIds';
import { GraphContext } from './graphContext';

/** What activate() returns: read-only views of what the user sees, for tests and other extensions. */
export interface NnspecApi {
  /** Recent text of the "nnspec" Output channel. */
  outputText(): string;
  /** Recent messages posted to the network panel. */
  panelMessages(): readonly ToWebview[];
  panelOpen(): boolean;
  /** The thread id of the worker that computed the last Forward, Backward or Gradient check. */
  lastComputeThreadId(): number | undefined;
  /** The training run under way, if any. */
  training(): TrainingState | undefined;
  /** The last finished training run (state and result or failure). */
  lastTraining(): TrainingHost['lastFinished'];
  statusBarText(): string;
  /** Hands `message` to the panel host exactly as if the webview had sent it (validated; false if dropped). */
  simulatePanelMessage(message: unknown): boolean;
}

export function activate(context: vscode.ExtensionContext): NnspecApi {
  const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };
  const store = new SpecStore();
  const records = new DocumentRecords();
  const output = new Output();
  const panel = new NetworkPanelHost(context.extensionUri, store, records, (action, uri, sample) => {
    const id = {
      forward: COMMANDS.forward,
      backward: COMMANDS.backward,
      gradcheck: COMMANDS.gradcheck,
      train: COMMANDS.train,
      step: COMMANDS.step,
      stop: COMMANDS.stopTraining,
    }[action];
    return vscode.commands.executeCommand(id, { uri, sample });
  });
  const training = new TrainingHost(context.extensionUri, records, output);
  const compute = new ComputeHost(context.extensionUri);
  const commands = new Commands(store, records, output, panel, training, compute);
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0-dev');
  const weightsCommands = new WeightsCommands(commands, store, records, output, version);
  const codeLens = new SpecCodeLensProvider(store, records);
  const statusBar = new SpecStatusBar(store, records);

  context.subscriptions.push(
    store,
    records,
    vscode.workspace.onDidCloseTextDocument((doc) => records.close(doc.uri.toString())),
    output,
    panel,
    training,
    compute,
    codeLens,
    statusBar,
    new Diagnostics(store),
    new GraphContext(store),
    vscode.languages.registerCodeActionsProvider(selector, new QuickFixProvider(store), QuickFixProvider.metadata),
    vscode.languages.registerHoverProvider(selector, new SpecHoverProvider(store, records)),
    vscode.languages.registerCodeLensProvider(selector, codeLens),
    vscode.languages.registerDocumentSymbolProvider(selector, new SpecSymbolProvider(store), { label: 'nnspec' }),
    vscode.languages.registerCompletionItemProvider(selector, new SpecCompletionProvider(), ...TRIGGER_CHARACTERS),
    ...commands.register(),
    ...weightsCommands.register(),
  );

  return {
    outputText: () => output.contents(),
    panelMessages: () => panel.sentMessages(),
    panelOpen: () => panel.isOpen(),
    training: () => training.state,
    lastComputeThreadId: () => compute.lastThreadId,
    lastTraining: () => training.lastFinished,
    statusBarText: () => statusBar.text,
    simulatePanelMessage: (message) => panel.receiveUnchecked(message),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
