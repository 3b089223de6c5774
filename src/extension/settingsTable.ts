/**
 * The extension's settings (`nnspec.*`): key, default and bounds of each, in one table. package.json's
 * contributes.configuration declares the same (a unit test compares them); `settingsFrom` reads values by
 * it. No `vscode` here, so the table is testable in Node.
 */
import { DEFAULTS } from '../engine/config';

export interface SettingRule {
  /** The key under `nnspec.`. */
  key: string;
  default: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

export const SETTINGS = {
  gradcheckEpsilon: { key: 'gradcheck.epsilon', default: DEFAULTS.gradcheck.epsilon, exclusiveMinimum: 0 },
  gradcheckTolerance: { key: 'gradcheck.tolerance', default: DEFAULTS.gradcheck.tolerance, exclusiveMinimum: 0 },
  liveUpdateIntervalMs: { key: 'liveUpdateIntervalMs', default: 250, minimum: 50, maximum: 5000 },
  maxNumbers: { key: 'maxNumbers', default: DEFAULTS.maxNumbers, minimum: 1000 },
  trainingMaxMemoryMb: { key: 'training.maxMemoryMb', default: 2048, minimum: 16 },
  diagnosticsDelayMs: { key: 'diagnosticsDelayMs', default: 300, minimum: 0, maximum: 5000 },
} as const satisfies Record<string, SettingRule>;

export type Settings = { -readonly [K in keyof typeof SETTINGS]: number };

/** The value when it is a finite number within the rule's bounds, else the default. */
export function settingValue(rule: SettingRule, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return rule.default;
  if (rule.minimum !== undefined && value < rule.minimum) return rule.default;
  if (rule.exclusiveMinimum !== undefined && value <= rule.exclusiveMinimum) return rule.default;
  if (rule.maximum !== undefined && value > rule.maximum) return rule.default;
  return value;
}

/** Every setting, read with `get` (a key under `nnspec.` → its configured value) and checked by the table. */
export function settingsFrom(get: (key: string) => unknown): Settings {
  const out = {} as Settings;
  for (const name of Object.keys(SETTINGS) as (keyof Settings)[]) {
    const rule: SettingRule = SETTINGS[name];
    out[name] = settingValue(rule, get(rule.key));
  }
  return out;
}
