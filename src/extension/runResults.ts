/**
 * The last run results per document: the last forward/backward pass (or training snapshot) for the
 * hover, the last gradient check and the last finished training run, so the panel can show them
 * again when it comes back to the document. Forgotten when the document closes.
 */
import * as vscode from 'vscode';
import type { DecisionGrid, GradcheckReport, PassReport, TrainResult } from '../engine/types';

export type PassKind = 'forward' | 'backward' | 'training';

export interface LastPass {
  kind: PassKind;
  report: PassReport;
  version: number;
}

/** A finished training run as the panel last drew it: its epoch budget, result, final weights and boundary. */
export interface LastTraining {
  epochs: number;
  result: TrainResult;
  snapshot?: PassReport;
  grid?: DecisionGrid;
}

export class RunResults implements vscode.Disposable {
  private readonly passes = new Map<string, LastPass>();
  private readonly checks = new Map<string, GradcheckReport>();
  private readonly trainings = new Map<string, LastTraining>();
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.workspace.onDidCloseTextDocument((doc) => this.forget(doc.uri));
  }

  setPass(uri: vscode.Uri, kind: PassKind, report: PassReport, version: number): void {
    this.passes.set(uri.toString(), { kind, report, version });
  }

  lastPass(uri: vscode.Uri): LastPass | undefined {
    return this.passes.get(uri.toString());
  }

  setGradcheck(uri: vscode.Uri, report: GradcheckReport): void {
    this.checks.set(uri.toString(), report);
  }

  lastGradcheck(uri: vscode.Uri): GradcheckReport | undefined {
    return this.checks.get(uri.toString());
  }

  setTraining(uri: vscode.Uri, training: LastTraining): void {
    this.trainings.set(uri.toString(), training);
  }

  lastTraining(uri: vscode.Uri): LastTraining | undefined {
    return this.trainings.get(uri.toString());
  }

  forget(uri: vscode.Uri): void {
    this.passes.delete(uri.toString());
    this.checks.delete(uri.toString());
    this.trainings.delete(uri.toString());
  }

  dispose(): void {
    this.closing.dispose();
    this.passes.clear();
    this.checks.clear();
    this.trainings.clear();
  }
}
