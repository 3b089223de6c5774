/**
 * The "nnspec" Output channel's blocks, as pure functions: a title such as "Backward · worked.nnspec ·
 * sample 1" and the CLI's text of the same report, so the channel and the terminal read alike.
 */
import type { GraphGradcheckReport } from '../engine/graph/gradcheck';
import type { GraphPassReport } from '../engine/graph/passes';
import { describeGraphBackward, describeGraphForward, describeGraphGradcheck } from './graph';
import type { GradcheckReport, PassReport } from '../engine/types';
import { describeGradcheck } from './gradcheck';
import { samplesLabel } from './notation';
import { describeBackward, describeForward } from './reports';

export interface Block {
  title: string;
  body: string;
}

/** A forward or backward pass of `fileName`; `trainSamples` is the training set's size (a capped batch says so). */
export function passBlock(
  kind: 'forward' | 'backward',
  fileName: string,
  report: PassReport,
  trainSamples: number,
  weights?: string,
): Block {
  const note = passNote(report, trainSamples);
  return {
    title: `${kind === 'forward' ? 'Forward' : 'Backward'} · ${fileName} · ${samplesLabel(report.samples)}${weights ? ` · ${weights}` : ''}`,
    body: (note ? `(${note})\n` : '') + (kind === 'forward' ? describeForward(report) : describeBackward(report)),
  };
}

/** When a pass over all samples took only the first ones (engine/passes.ts bounds a report): which; else ''. */
export function passNote(report: PassReport, trainSamples: number): string {
  const n = report.samples.length;
  return n > 1 && n < trainSamples ? `the first ${n} of ${trainSamples} training samples as one batch` : '';
}

/** A gradient check of `fileName`. */
/** A graph's forward or backward pass: every wire's value (and gradient, each edge), then the flat code. */
export function graphPassBlock(kind: 'forward' | 'backward', fileName: string, report: GraphPassReport): Block {
  return {
    title: `${kind === 'forward' ? 'Forward' : 'Backward'} · ${fileName} · graph`,
    body: kind === 'forward' ? describeGraphForward(report) : describeGraphBackward(report),
  };
}

export function graphGradcheckBlock(fileName: string, report: GraphGradcheckReport): Block {
  return { title: `Gradient check · ${fileName} · graph`, body: describeGraphGradcheck(report) };
}

export function gradcheckBlock(fileName: string, report: GradcheckReport): Block {
  return { title: `Gradient check · ${fileName}`, body: describeGradcheck(report) };
}
