/** Reads the extension's settings (`nnspec.*`) with their defaults, in one place. */
import * as vscode from 'vscode';
import { DEFAULTS } from '../engine/config';

export interface Settings {
  gradcheckEpsilon: number;
  gradcheckTolerance: number;
  liveUpdateIntervalMs: number;
  maxNumbers: number;
  diagnosticsDelayMs: number;
  trainingMaxMemoryMb: number;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('nnspec', scope);
  const num = (key: string, dflt: number, min: number): number => {
    const v = c.get<number>(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : dflt;
  };
  return {
    gradcheckEpsilon: num('gradcheck.epsilon', DEFAULTS.gradcheck.epsilon, Number.MIN_VALUE),
    gradcheckTolerance: num('gradcheck.tolerance', DEFAULTS.gradcheck.tolerance, Number.MIN_VALUE),
    liveUpdateIntervalMs: num('liveUpdateIntervalMs', 250, 20),
    maxNumbers: num('maxNumbers', DEFAULTS.maxNumbers, 1),
    diagnosticsDelayMs: num('diagnosticsDelayMs', 300, 0),
    trainingMaxMemoryMb: num('training.maxMemoryMb', 2048, 16),
  };
}
