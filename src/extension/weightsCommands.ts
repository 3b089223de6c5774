/**
 * The commands that take a document's network out of the editor, with the weights it has now
 * (currentWeights.ts: trained in the editor, else the spec's initial weights):
 *   Save Weights                 writes NAME.weights.json beside the spec (the weights file format of
 *                                format/weightsFile.ts, which a spec loads with `weights_file:`);
 *   Write Weights into the Spec  one undoable edit that sets each layer's `weights:`/`biases:` inline
 *                                (small networks only, format/inlineWeights.ts);
 *   Export to PyTorch / ONNX     NAME.py / NAME.onnx beside the spec (src/export/), then opens the
 *                                program or reveals the model.
 * Each resolves with what it wrote (or true for the edit), undefined when it could not, after saying why.
 */
import * as vscode from 'vscode';
import { basename, extname } from 'node:path';
import { exportOnnx } from '../export/onnx';
import { exportPytorch } from '../export/pytorch';
import { inlineWeightsEdits } from '../format/inlineWeights';
import { WEIGHTS_SUFFIX, formatWeightsFile } from '../format/weightsFile';
import { formatLoss } from '../text/numbers';
import { COMMANDS } from './commandIds';
import type { Commands, RunTarget } from './commands';
import { currentWeights, type CurrentWeights } from './currentWeights';
import type { DocumentRecords } from './documentRecord';
import type { Output } from './output';
import type { SpecStore } from './specStore';
import { toRange } from './ranges';

/** Which weights these are, in words: "initial weights" or "trained · epoch 300 · loss 0.0123". */
export function weightsLabel(w: Pick<CurrentWeights, 'trained' | 'epoch' | 'loss'>): string {
  if (!w.trained && w.epoch === 0) return 'initial weights';
  return `${w.trained ? 'trained' : 'from the weights file'} · epoch ${w.epoch} · loss ${formatLoss(w.loss)}`;
}

export class WeightsCommands {
  constructor(
    private readonly commands: Commands,
    private readonly store: SpecStore,
    private readonly records: DocumentRecords,
    private readonly output: Output,
    /** nnspec's version, written into the exports. */
    private readonly version: string,
  ) {}

  register(): vscode.Disposable[] {
    const target = (arg: unknown): RunTarget => (arg instanceof vscode.Uri ? { uri: arg } : {});
    return [
      vscode.commands.registerCommand(COMMANDS.saveWeights, (arg?: unknown) => this.saveWeights(target(arg))),
      vscode.commands.registerCommand(COMMANDS.writeWeights, (arg?: unknown) => this.writeWeights(target(arg))),
      vscode.commands.registerCommand(COMMANDS.exportPytorch, (arg?: unknown) => this.exportTo('pytorch', target(arg))),
      vscode.commands.registerCommand(COMMANDS.exportOnnx, (arg?: unknown) => this.exportTo('onnx', target(arg))),
    ];
  }

  /** Writes NAME.weights.json beside the spec. */
  async saveWeights(target: RunTarget): Promise<vscode.Uri | undefined> {
    const ready = await this.weights(target, 'Save Weights');
    if (!ready) return undefined;
    const { doc, config, weights } = ready;
    const uri = this.beside(doc, WEIGHTS_SUFFIX);
    const text = formatWeightsFile(config, weights.params, { epoch: weights.epoch, loss: weights.loss });
    if (!(await this.write(uri, new TextEncoder().encode(text), 'Save Weights'))) return undefined;
    this.tell(`Saved the weights (${weightsLabel(weights)}) to ${basename(uri.fsPath)}.`);
    return uri;
  }

  /** Sets each layer's weights: and biases: in the spec to the current weights, as one undoable edit. */
  async writeWeights(target: RunTarget): Promise<boolean> {
    const ready = await this.weights(target, 'Write Weights into the Spec');
    if (!ready) return false;
    const { doc, config, weights } = ready;
    const result = inlineWeightsEdits(doc.getText(), config.layers, weights.params);
    if (!result.ok) {
      this.refuse(`Write Weights into the Spec: ${result.message}.`);
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(doc.uri, toRange(e.range), e.newText);
    if (!(await vscode.workspace.applyEdit(edit))) {
      this.refuse('Write Weights into the Spec: the editor did not accept the edit.');
      return false;
    }
    this.tell(`Wrote the weights (${weightsLabel(weights)}) into ${this.name(doc)}. Undo takes them out again.`);
    return true;
  }

  /** Writes NAME.py (a PyTorch program) or NAME.onnx beside the spec, then opens or reveals it. */
  async exportTo(to: 'pytorch' | 'onnx', target: RunTarget): Promise<vscode.Uri | undefined> {
    const action = to === 'pytorch' ? 'Export to PyTorch' : 'Export to ONNX';
    const ready = await this.weights(target, action);
    if (!ready) return undefined;
    const { doc, config, data, weights } = ready;
    const source = this.name(doc);
    if (to === 'onnx') {
      const uri = this.beside(doc, '.onnx');
      const model = exportOnnx(config, weights.params, {
        version: this.version,
        source,
        epoch: weights.epoch,
        loss: weights.loss,
      });
      if (!(await this.write(uri, model.bytes, action))) return undefined;
      this.tell(
        `Exported ${source} (${weightsLabel(weights)}) to ${basename(uri.fsPath)}: ONNX opset 13, ${model.precision}.`,
      );
      void vscode.commands.executeCommand('revealInExplorer', uri);
      return uri;
    }
    const uri = this.beside(doc, '.py');
    const program = exportPytorch({
      config,
      data,
      params: weights.params,
      source,
      version: this.version,
      startEpoch: weights.epoch,
      program: basename(uri.fsPath),
    });
    if (!(await this.write(uri, new TextEncoder().encode(program), action))) return undefined;
    this.tell(
      `Exported ${source} (${weightsLabel(weights)}) to ${basename(uri.fsPath)}: run it with python3 ${basename(uri.fsPath)} [--epochs N] [--nproc K] (needs PyTorch).`,
    );
    await vscode.window.showTextDocument(uri, { preview: false, viewColumn: vscode.ViewColumn.Active });
    return uri;
  }

  /** The document's spec, data and current weights, or undefined after saying why not (a spec that cannot run, an unsaved file). */
  private async weights(target: RunTarget, action: string) {
    const ready = await this.commands.ready(target, action);
    if (!ready) return undefined;
    if (ready.doc.uri.scheme !== 'file') {
      this.refuse(`${action}: save ${this.name(ready.doc)} to a folder first; the result is written beside it.`);
      return undefined;
    }
    const startEpoch = this.store.analyze(ready.doc).weightsFile?.epoch ?? 0;
    const weights = currentWeights(this.records.get(ready.doc.uri.toString()), ready.config, ready.data, startEpoch);
    return { ...ready, weights };
  }

  /** `NAME<suffix>` beside the spec `NAME.nnspec`. */
  private beside(doc: vscode.TextDocument, suffix: string): vscode.Uri {
    const file = basename(doc.uri.fsPath);
    return vscode.Uri.joinPath(doc.uri, '..', `${basename(file, extname(file))}${suffix}`);
  }

  private async write(uri: vscode.Uri, bytes: Uint8Array, action: string): Promise<boolean> {
    try {
      await vscode.workspace.fs.writeFile(uri, bytes);
      return true;
    } catch (e) {
      this.refuse(`${action}: cannot write ${uri.fsPath}: ${(e as Error).message}`);
      return false;
    }
  }

  private tell(message: string): void {
    this.output.line(message);
    void vscode.window.showInformationMessage(message);
  }

  private refuse(message: string): void {
    this.output.line(`nnspec: ${message}`);
    void vscode.window.showWarningMessage(message);
  }

  private name(doc: vscode.TextDocument): string {
    return basename(doc.uri.fsPath);
  }
}
