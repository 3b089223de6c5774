/**
 * The commands behind the CodeLens, the Command Palette, the keybindings and the panel's buttons:
 * Forward, Backward and Gradient check on the editor's current text, of a layered network (computed in a
 * worker by computeHost.ts) or of a computational graph (`graph:`, computed by graphActions.ts),
 * write the CLI's human text to the Output channel, keep their report in the document's record (which
 * the panel, opened for them, shows) and return it;
 * Train and Stop go to the training host; New Network Spec opens an untitled spec from a template.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import type { GraphConfig, NetworkConfig } from '../engine/config';
import type { GraphPassReport } from '../engine/graph/passes';
import type { GraphGradcheckReport } from '../engine/graph/gradcheck';
import { runGraphGradcheck, runGraphPass } from './graphActions';
import { graphGradcheckMessage } from '../text/graph';
import { trainedWeights } from './currentWeights';
import type { ComputeHost, ComputeResult } from './computeHost';
import { withWeights } from '../format/weightsFile';
import { stepLine, weightsLabel } from '../text/training';
import type { Range } from '../format/types';
import type { GradcheckReport, PassReport, TrainResult, TrainTestData } from '../engine/types';
import type { SampleChoice } from '../protocol/messages';
import { SpecStore, isSpecDocument, LANGUAGE_ID } from './specStore';
import type { DocumentRecords } from './documentRecord';
import { isGraphSpec, NO_DATA } from '../format/openSpec';
import { Output } from './output';
import { NetworkPanelHost } from './panelHost';
import { TrainingHost } from './trainingHost';
import { COMMANDS } from './commandIds';
import { NEW_SPEC_NAME, NEW_SPEC_TEMPLATE, newSpecFileName } from './template';
import { readSettings } from './settings';
import { plural, sampleNumber, trainingSetRange } from '../text/notation';
import { gradcheckBlock, graphGradcheckBlock, graphPassBlock, passBlock } from '../text/output';
import { gradcheckMessage } from '../text/gradcheck';

/** What a command receives: nothing (the active spec), a Uri (CodeLens, menus) or `{ uri, sample }` (the panel). */
export interface RunTarget {
  uri?: vscode.Uri;
  sample?: SampleChoice;
  /** Show network: the layer to point at (1-based), from a per-layer CodeLens. */
  layer?: number;
}

function toTarget(arg: unknown): RunTarget {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as { uri?: unknown; sample?: unknown; layer?: unknown };
    const uri = o.uri instanceof vscode.Uri ? o.uri : typeof o.uri === 'string' ? vscode.Uri.parse(o.uri) : undefined;
    const sample =
      o.sample === 'all' || (typeof o.sample === 'number' && Number.isInteger(o.sample) && o.sample >= 0)
        ? (o.sample as SampleChoice)
        : undefined;
    const layer = typeof o.layer === 'number' && Number.isInteger(o.layer) && o.layer >= 1 ? o.layer : undefined;
    return { uri, sample, ...(layer !== undefined ? { layer } : {}) };
  }
  return {};
}

export interface Ready {
  doc: vscode.TextDocument;
  config: NetworkConfig;
  data: TrainTestData;
}

/** The weights an action uses now: the configuration that starts from them, their epochs, which they are in words. */
type WeightsNow = { config: NetworkConfig; epoch: number; label: string; trained: boolean };

export class Commands {
  constructor(
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
    private readonly output: Output,
    private readonly panel: NetworkPanelHost,
    private readonly training: TrainingHost,
    private readonly compute: ComputeHost,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.newSpec, () => this.newSpec()),
      vscode.commands.registerCommand(COMMANDS.forward, (arg?: unknown) => this.pass('forward', toTarget(arg))),
      vscode.commands.registerCommand(COMMANDS.backward, (arg?: unknown) => this.pass('backward', toTarget(arg))),
      vscode.commands.registerCommand(COMMANDS.gradcheck, (arg?: unknown) => this.gradcheck(toTarget(arg))),
      vscode.commands.registerCommand(COMMANDS.train, (arg?: unknown) => this.train(toTarget(arg))),
      vscode.commands.registerCommand(COMMANDS.step, (arg?: unknown) => this.step(toTarget(arg))),
      vscode.commands.registerCommand(COMMANDS.stopTraining, () => this.training.stop()),
      vscode.commands.registerCommand(COMMANDS.resetWeights, (arg?: unknown) => this.resetWeights(toTarget(arg))),
      vscode.commands.registerCommand(COMMANDS.cancelGradcheck, () => this.compute.cancelGradchecks()),
      vscode.commands.registerCommand(COMMANDS.showNetwork, async (arg?: unknown) => {
        const target = toTarget(arg);
        const doc = await this.document(target);
        this.panel.show(doc, false);
        if (doc && target.layer !== undefined) this.panel.highlightLayer(doc, target.layer);
      }),
    ];
  }

  /**
   * Opens the template in an untitled editor named after its `name:` ("my-network.nnspec", in the first workspace
   * folder when there is one), so the tab and the save dialog show that name.
   */
  async newSpec(): Promise<vscode.TextEditor> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uriOf = (fileName: string): vscode.Uri =>
      folder
        ? vscode.Uri.joinPath(folder, fileName).with({ scheme: 'untitled' })
        : vscode.Uri.parse(`untitled:${fileName}`);
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    const taken = (fileName: string): boolean =>
      open.has(uriOf(fileName).toString()) || (!!folder && existsSync(vscode.Uri.joinPath(folder, fileName).fsPath));
    const doc = await vscode.workspace.openTextDocument(uriOf(newSpecFileName(NEW_SPEC_NAME, taken)));
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), NEW_SPEC_TEMPLATE));
    if (doc.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    return editor;
  }

  /** Runs a forward or backward pass on the spec's training data (one sample, or all of it), or on its graph. */
  async pass(kind: 'forward' | 'backward', target: RunTarget): Promise<PassReport | GraphPassReport | undefined> {
    const graph = await this.graphReady(target);
    if (graph) return await this.graphPass(kind, graph.doc, graph.config);
    const ready = await this.prepared(target, kind === 'forward' ? 'Forward' : 'Backward');
    if (!ready) return undefined;
    const { doc, data, sample, samples, weights } = ready;
    const result = await this.compute.pass(doc, kind, weights.config, data, samples);
    const action = kind === 'forward' ? 'Forward' : 'Backward';
    if (!('pass' in result)) {
      this.computeFailed(doc, action, result);
      return undefined;
    }
    const report = result.pass;
    const block = passBlock(kind, this.name(doc), report, data.train.n, weights.label);
    this.output.block(block.title, block.body);
    this.panel.show(doc, true);
    this.records.record(doc.uri.toString()).setPass(kind, report, sample, doc.version, weights.label, ready.config);
    return report;
  }

  /** Compares analytic and numeric gradients; the settings apply when the spec has no `gradcheck:` block. */
  async gradcheck(target: RunTarget): Promise<GradcheckReport | GraphGradcheckReport | undefined> {
    const graph = await this.graphReady(target);
    if (graph) return await this.graphGradcheck(graph.doc, graph.config);
    const ready = await this.ready(target, 'Gradient check');
    if (!ready) return undefined;
    const { doc, data } = ready;
    const options = this.gradcheckOptions(doc);
    const weights = this.weightsNow(ready);
    const result = await this.compute.gradcheck(
      doc,
      weights.config,
      data,
      options,
      `Gradient check · ${this.name(doc)}`,
    );
    if (!('gradcheck' in result)) {
      this.computeFailed(doc, 'Gradient check', result);
      return undefined;
    }
    const report = result.gradcheck;
    const block = gradcheckBlock(`${this.name(doc)} · ${weights.label}`, report);
    this.output.block(block.title, block.body);
    this.panel.show(doc, true);
    this.records.record(doc.uri.toString()).setGradcheck(report, ready.config);
    if (!report.passed) void vscode.window.showWarningMessage(`Gradient check failed: ${gradcheckMessage(report)}`);
    return report;
  }

  /** Trains in the worker; resolves with the result when the run ends (undefined if it could not start or failed). */
  async train(target: RunTarget): Promise<TrainResult | undefined> {
    const graph = await this.graphReady(target);
    if (graph) {
      if (!graph.config.train) {
        this.fail(
          graph.doc,
          `Train: ${this.name(graph.doc)} has no train: section naming the inputs to train (train: params: [w, b]).`,
        );
        return undefined;
      }
      this.panel.show(graph.doc, true);
      return this.training.startGraph(graph.doc, graph.config);
    }
    // The run's final pass covers what the panel's picker names (a CodeLens or command: the whole batch).
    const ready = await this.prepared(target, 'Train');
    if (!ready) return undefined;
    this.panel.show(ready.doc, true);
    // Training continues from the current weights (with the optimizer's state, when the worker still holds them).
    const { weights } = ready;
    return this.training.start(
      ready.doc,
      weights.config,
      ready.data,
      {
        config: ready.config,
        startEpoch: weights.epoch,
        label: weights.label,
        trained: weights.trained,
      },
      ready.samples,
    );
  }

  /**
   * Step: one optimizer update on the next mini-batch, from the current weights (and optimizer state). The panel
   * shows what it changed on every edge (its Updates view) and a backward pass at the new weights over its sample
   * choice; the Output channel says where training stands and the J before and after.
   */
  async step(target: RunTarget): Promise<PassReport | undefined> {
    const graph = await this.graphReady(target);
    if (graph) {
      this.fail(graph.doc, `Step: ${this.name(graph.doc)} is a computational graph; Train minimises its output.`);
      return undefined;
    }
    const ready = await this.prepared(target, 'Step');
    if (!ready) return undefined;
    const { doc, data, sample, samples, weights } = ready;
    const outcome = await this.training.step(doc, weights.config, data, weights.trained, samples);
    if ('failed' in outcome) {
      this.fail(doc, `Step: ${outcome.failed}.`);
      return undefined;
    }
    const { report, position, loss } = outcome;
    const completed = position.batch === position.batches;
    const epochs = weights.epoch + (completed ? 1 : 0);
    const shown = { ...position, epoch: epochs + (completed ? 0 : 1) };
    const label = weightsLabel({ trained: true, epoch: epochs, loss, ...(completed ? {} : { step: shown }) });
    const record = this.records.record(doc.uri.toString());
    record.setStep({ report, loss, epochs, position: shown, config: ready.config }, sample, doc.version, label);
    this.training.stepTaken(doc.uri);
    this.output.line(stepLine(this.name(doc), shown, loss));
    this.panel.show(doc, true);
    return report;
  }

  /** A spec ready to run (see ready), with the samples the target chose (samplesOf) and the weights now (weightsNow). */
  private async prepared(
    target: RunTarget,
    action: string,
  ): Promise<(Ready & { sample: SampleChoice; samples?: number[]; weights: WeightsNow }) | undefined> {
    const ready = await this.ready(target, action);
    const chosen = ready && this.samplesOf(ready, target);
    return ready && chosen && { ...ready, ...chosen, weights: this.weightsNow(ready) };
  }

  /**
   * The samples a pass runs on: the target's choice (default the whole batch: the first samples a report holds,
   * engine/passes.ts passSampleCount, said in the block's note); undefined, after saying why, when out of range.
   */
  private samplesOf(ready: Ready, target: RunTarget): { sample: SampleChoice; samples?: number[] } | undefined {
    const sample = target.sample ?? 'all';
    const n = ready.data.train.n;
    if (typeof sample === 'number' && sample >= n) {
      this.fail(ready.doc, `Sample ${sampleNumber(sample)} is out of range: ${trainingSetRange(n)}.`);
      return undefined;
    }
    return typeof sample === 'number' ? { sample, samples: [sample] } : { sample };
  }

  /** Says why a computation in the worker gave no result (a cancel is said only in the Output channel). */
  private computeFailed(doc: vscode.TextDocument, action: string, r: ComputeResult): void {
    if ('cancelled' in r) this.output.line(`nnspec: ${action} of ${this.name(doc)} cancelled`);
    else if ('refused' in r) this.fail(doc, `${action}: ${r.refused.message}.`);
    else if ('failed' in r) this.fail(doc, `${action}: ${r.failed}.`);
  }

  /** Reset Weights: the next action starts from the spec's initial weights. */
  async resetWeights(target: RunTarget): Promise<boolean> {
    const doc = await this.document(target);
    if (!doc) return false;
    if (isGraphSpec(this.store.analyze(doc))) {
      this.fail(doc, `Reset Weights: ${this.name(doc)} is a computational graph, which has no weights to reset.`);
      return false;
    }
    if (this.training.isTraining(doc.uri)) {
      void vscode.window.showInformationMessage(`${this.name(doc)} is training: stop it before resetting its weights.`);
      return false;
    }
    this.records.record(doc.uri.toString()).resetWeights();
    this.training.release(doc.uri.toString());
    this.output.line(`${this.name(doc)}: weights reset to the spec's initial weights`);
    return true;
  }

  /**
   * The weights an action on `ready` uses now (currentWeights.ts): the configuration that starts from them,
   * their epochs and, in words, which they are.
   */
  private weightsNow(ready: Ready): WeightsNow {
    const startEpoch = this.store.analyze(ready.doc).weightsFile?.epoch ?? 0;
    // Only trained weights need anything here: the spec's own are built (and J computed) in the worker.
    const w = trainedWeights(this.records.get(ready.doc.uri.toString()), ready.config, startEpoch);
    if (!w)
      return {
        config: ready.config,
        epoch: startEpoch,
        label: weightsLabel({ trained: false, epoch: startEpoch }),
        trained: false,
      };
    return { config: withWeights(ready.config, w.params), epoch: w.epoch, label: weightsLabel(w), trained: true };
  }

  /** The gradient check's settings, when the spec has no `gradcheck:` block of its own. */
  private gradcheckOptions(doc: vscode.TextDocument): { epsilon: number; tolerance: number } | undefined {
    if (this.store.analyze(doc).symbols.some((s) => s.kind === 'gradcheck')) return undefined;
    const settings = readSettings(doc.uri);
    return { epsilon: settings.gradcheckEpsilon, tolerance: settings.gradcheckTolerance };
  }

  /**
   * The document and its checked graph when the command's document is a clean graph spec (a graph spec
   * with errors goes on to ready(), which names them); undefined otherwise.
   */
  private async graphReady(target: RunTarget): Promise<{ doc: vscode.TextDocument; config: GraphConfig } | undefined> {
    const doc = await this.document(target);
    const config = doc && this.store.open(doc).analysis.graph;
    return doc && config ? { doc, config } : undefined;
  }

  /** A graph's forward or backward pass (graphActions.ts computes it), told in the Output channel, record and panel. */
  private async graphPass(
    kind: 'forward' | 'backward',
    doc: vscode.TextDocument,
    config: GraphConfig,
  ): Promise<GraphPassReport> {
    const report = await runGraphPass(kind, config);
    const block = graphPassBlock(kind, this.name(doc), report);
    this.output.block(block.title, block.body);
    this.panel.show(doc, true);
    this.records.record(doc.uri.toString()).setGraphPass(kind, report, doc.version);
    return report;
  }

  private async graphGradcheck(doc: vscode.TextDocument, config: GraphConfig): Promise<GraphGradcheckReport> {
    const report = await runGraphGradcheck(config, this.gradcheckOptions(doc));
    const block = graphGradcheckBlock(this.name(doc), report);
    this.output.block(block.title, block.body);
    this.panel.show(doc, true);
    this.records.record(doc.uri.toString()).setGraphGradcheck(report);
    if (!report.passed)
      void vscode.window.showWarningMessage(`Gradient check failed: ${graphGradcheckMessage(report)}`);
    return report;
  }

  /** The document a command acts on: the given one, the active spec, the panel's, or the only visible one. */
  async document(target: RunTarget): Promise<vscode.TextDocument | undefined> {
    if (target.uri) {
      const uri = target.uri.toString();
      return (
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri) ??
        vscode.workspace.openTextDocument(target.uri)
      );
    }
    const active = vscode.window.activeTextEditor?.document;
    if (isSpecDocument(active)) return active;
    const followed = this.panel.followedDocument();
    if (followed) return followed;
    const visible = vscode.window.visibleTextEditors.map((e) => e.document).filter(isSpecDocument);
    return visible.length === 1 ? visible[0] : undefined;
  }

  /** The document, its valid spec and its data, or undefined after telling the user what is wrong (also used by weightsCommands.ts). */
  async ready(target: RunTarget, action: string): Promise<Ready | undefined> {
    const doc = await this.document(target);
    if (!doc) {
      void vscode.window
        .showInformationMessage(`nnspec: open a .nnspec file to run ${action}.`, 'New Network Spec')
        .then((choice) => {
          if (choice) void this.newSpec();
        });
      return undefined;
    }
    const { analysis, config, data } = this.store.open(doc);
    if (analysis.graph) {
      this.fail(doc, `${action}: ${this.name(doc)} is a computational graph, which has no layers to ${action} on.`);
      return undefined;
    }
    if (!config) {
      const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
      const first = errors[0];
      const where = first ? ` (first: line ${first.range.start.line + 1}: ${first.message})` : '';
      this.fail(
        doc,
        `${action}: ${this.name(doc)} has ${plural(errors.length, 'error')}${where}. See the Problems panel.`,
        first?.range,
        true,
      );
      return undefined;
    }
    if (!data) {
      this.fail(doc, `${action}: ${this.name(doc)}: ${NO_DATA}.`);
      return undefined;
    }
    return { doc, config, data };
  }

  /** Tells the user (a message, the panel's banner, the Output channel) without blocking the command. */
  private fail(doc: vscode.TextDocument, message: string, range?: Range, problems = false): void {
    this.output.line(`nnspec: ${message}`);
    this.panel.showError(doc, message, range);
    const buttons = problems ? ['Show Problems'] : [];
    void vscode.window.showErrorMessage(message, ...buttons).then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }

  private name(doc: vscode.TextDocument): string {
    return doc.isUntitled ? doc.uri.path : basename(doc.uri.fsPath);
  }
}
