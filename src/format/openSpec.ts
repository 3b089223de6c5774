/**
 * The one path from .nnspec text to a runnable model, taken by every surface (the CLI, the extension's
 * commands and spec store; the training worker is sent its result): the analysis (diagnostics, symbols,
 * summary) and, when it is clean, the checked `NetworkConfig` and its loaded data. A data file is read
 * and parsed once, while checking; a problem loading the data is one more diagnostic at its place, and
 * then there is no configuration either. Never throws.
 */
import { check } from './analyze';
import { DataError, loadData } from '../engine/data/load';
import { visible } from '../text/visible';
import type { NetworkConfig } from '../engine/config';
import type { TrainTestData } from '../engine/types';
import type { AnalyzeOptions, AnalyzeResult, SpecDiagnostic } from './types';

export interface OpenedSpec {
  /** Diagnostics (a data-loading problem included), symbols and summary. */
  analysis: AnalyzeResult;
  /** The checked configuration: present when the analysis has no errors. */
  config?: NetworkConfig;
  /** Its training (and test) data: present with `config` when the spec has a `data:` section. */
  data?: TrainTestData;
}

/** Whether the spec is a computational graph (written with `graph:`), clean or not. */
export function isGraphSpec(analysis: Pick<AnalyzeResult, 'graph' | 'symbols'>): boolean {
  return analysis.graph !== undefined || analysis.symbols.some((s) => s.kind === 'graph');
}

/** Why a clean spec cannot run: it has nothing to run on. */
export const NO_DATA = 'the spec has no data: section, so there are no samples to run it on';

/** Checks `text` (reading data files through `options.readFile`, within `options.maxNumbers`) and loads its data. */
export function openSpec(text: string, options: AnalyzeOptions = {}): OpenedSpec {
  const { analysis, data: read } = check(text, options);
  const config = analysis.spec;
  if (!config) return { analysis };
  if (!config.data) return { analysis, config };
  try {
    return { analysis, config, data: loadData(config, read?.table) };
  } catch (e) {
    const message =
      e instanceof DataError ? e.message : `internal error while loading the data (please report it): ${e}`;
    const diagnostic: SpecDiagnostic = {
      severity: 'error',
      code: e instanceof DataError ? 'data-load' : 'internal',
      message: visible(message),
      range: read?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    const { diagnostics, symbols, summary } = analysis;
    return { analysis: { diagnostics: [...diagnostics, diagnostic], symbols, ...(summary ? { summary } : {}) } };
  }
}
