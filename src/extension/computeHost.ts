/**
 * Forward, Backward and Gradient check of a network, computed in a worker thread (dist/worker.js, the
 * same bundle that trains) so the extension host never blocks, whatever the network's size. Each
 * computation has its own short-lived worker, given a copy of the checked configuration and data; a
 * gradient check reports its progress with an estimate of the time left in a cancellable notification,
 * and Cancel (or nnspec: Cancel Gradient Check) ends its worker. Nothing of the document changes until a result
 * arrives.
 */
import * as vscode from 'vscode';
import { Worker } from 'node:worker_threads';
import type { NetworkConfig } from '../engine/config';
import type { GradcheckReport, PassReport, TrainTestData } from '../engine/types';
import { isFromWorker, transferList, type ToWorker } from '../protocol/messages';
import { Disposable } from './dispose';
import { readSettings } from './settings';
import { gradcheckProgressText } from '../text/gradcheck';
import { CHECKING_CONTEXT } from './commandIds';

export type ComputeResult =
  | { pass: PassReport }
  | { gradcheck: GradcheckReport }
  | { refused: { message: string; layer: number } }
  | { failed: string }
  | { cancelled: true };

export class ComputeHost extends Disposable {
  private nextId = 1;
  private readonly running = new Set<Worker>();
  /** Ends each running gradient check as cancelled. */
  private readonly checks = new Set<() => void>();
  /** The thread id of the last computation's worker (for the API and tests). */
  lastThreadId: number | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {
    super();
  }

  /** A pass over `samples` (default: the first a report holds) in a worker. */
  pass(
    doc: vscode.TextDocument,
    job: 'forward' | 'backward',
    config: NetworkConfig,
    data: TrainTestData,
    samples?: number[],
  ): Promise<ComputeResult> {
    return this.run(doc, { job, config, data, ...(samples ? { samples } : {}) });
  }

  /** A gradient check in a worker, with progress and Cancel in a notification titled `title`. */
  gradcheck(
    doc: vscode.TextDocument,
    config: NetworkConfig,
    data: TrainTestData,
    options: { epsilon: number; tolerance: number } | undefined,
    title: string,
  ): Thenable<ComputeResult> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const source = new vscode.CancellationTokenSource();
        const cancel = (): void => source.cancel();
        token.onCancellationRequested(cancel);
        this.checks.add(cancel);
        void vscode.commands.executeCommand('setContext', CHECKING_CONTEXT, true);
        try {
          const job = { job: 'gradcheck' as const, config, data, ...(options ? { gradcheck: options } : {}) };
          return await this.run(doc, job, source.token, (p) =>
            progress.report({ message: gradcheckProgressText(p.checked, p.total, p.ms) }),
          );
        } finally {
          this.checks.delete(cancel);
          source.dispose();
          if (this.checks.size === 0) void vscode.commands.executeCommand('setContext', CHECKING_CONTEXT, false);
        }
      },
    );
  }

  /** Cancels every running gradient check (their workers end); false when none runs. */
  cancelGradchecks(): boolean {
    const running = [...this.checks];
    for (const cancel of running) cancel();
    return running.length > 0;
  }

  private run(
    doc: vscode.TextDocument,
    job: Omit<Extract<ToWorker, { type: 'compute' }>, 'type' | 'runId'>,
    token?: vscode.CancellationToken,
    onProgress?: (p: { checked: number; total: number; ms: number }) => void,
  ): Promise<ComputeResult> {
    const runId = this.nextId++;
    let worker: Worker;
    try {
      worker = new Worker(vscode.Uri.joinPath(this.extensionUri, 'dist', 'worker.js').fsPath, {
        name: `nnspec-compute-${runId}`,
        resourceLimits: { maxOldGenerationSizeMb: readSettings(doc.uri).trainingMaxMemoryMb },
      });
    } catch (e) {
      return Promise.resolve({ failed: `cannot start a worker: ${(e as Error).message}` });
    }
    this.running.add(worker);
    this.lastThreadId = worker.threadId;
    return new Promise<ComputeResult>((resolve) => {
      let settled = false;
      const settle = (r: ComputeResult): void => {
        if (settled) return;
        settled = true;
        this.running.delete(worker);
        void worker.terminate();
        resolve(r);
      };
      token?.onCancellationRequested(() => settle({ cancelled: true }));
      worker.on('message', (m: unknown) => {
        if (!isFromWorker(m) || m.runId !== runId) return;
        if (m.type === 'computeProgress') onProgress?.(m);
        else if (m.type === 'failed') settle({ failed: m.message });
        else if (m.type === 'computed') {
          if (m.pass) settle({ pass: m.pass });
          else if (m.gradcheck) settle({ gradcheck: m.gradcheck });
          else if (m.refused) settle({ refused: m.refused });
        }
      });
      worker.on('error', (e) =>
        settle({
          failed:
            (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? 'the worker ran out of memory (setting nnspec.training.maxMemoryMb)'
              : `the worker crashed: ${e.message}`,
        }),
      );
      worker.on('exit', (code) => settle({ failed: `the worker stopped unexpectedly (exit code ${code})` }));
      // The spec store keeps its configuration and data for the other actions: the worker gets a copy, whose buffers move.
      const copy = structuredClone({ config: job.config, data: job.data });
      const message: ToWorker = { type: 'compute', runId, ...job, ...copy };
      worker.postMessage(message, transferList(copy.config, copy.data));
    });
  }

  override dispose(): void {
    for (const w of this.running) void w.terminate();
    this.running.clear();
    super.dispose();
  }
}
