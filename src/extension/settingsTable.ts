/**
 * The extension's settings (`nnspec.*`): key, default and bounds of each, in one table. package.json's
 * contributes.configuration declares the same (a unit test compares them); `settingsFrom` reads values by
 * it. No `vscode` here, so the table is testable in Node. Every setting that raises a limit has a hard
 * maximum, and is one of package.json's restrictedConfigurations: in an untrusted workspace VS Code
 * ignores the workspace's own value for it (a cloned repository cannot raise its own limits).
 */
import { DEFAULTS } from '../engine/config';

export interface NumberRule {
  /** The key under `nnspec.`. */
  key: string;
  default: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  /** Raises a limit: ignored from an untrusted workspace's own settings. */
  restricted?: boolean;
}

export interface BooleanRule {
  key: string;
  default: boolean;
  restricted?: boolean;
}

export type SettingRule = NumberRule | BooleanRule;

export const SETTINGS = {
  gradcheckEpsilon: { key: 'gradcheck.epsilon', default: DEFAULTS.gradcheck.epsilon, exclusiveMinimum: 0 },
  gradcheckTolerance: { key: 'gradcheck.tolerance', default: DEFAULTS.gradcheck.tolerance, exclusiveMinimum: 0 },
  liveUpdateIntervalMs: { key: 'liveUpdateIntervalMs', default: 250, minimum: 50, maximum: 5000 },
  maxNumbers: {
    key: 'maxNumbers',
    default: DEFAULTS.maxNumbers,
    minimum: 1000,
    maximum: 100_000_000,
    restricted: true,
  },
  trainingMaxMemoryMb: { key: 'training.maxMemoryMb', default: 2048, minimum: 16, maximum: 16384, restricted: true },
  diagnosticsDelayMs: { key: 'diagnosticsDelayMs', default: 300, minimum: 0, maximum: 5000 },
  filesOutsideWorkspace: { key: 'files.allowOutsideWorkspace', default: false, restricted: true },
} as const satisfies Record<string, SettingRule>;

export type Settings = {
  -readonly [K in keyof typeof SETTINGS]: (typeof SETTINGS)[K]['default'] extends boolean ? boolean : number;
};

/** The value when it has the rule's type (a number: finite and within its bounds), else the default. */
export function settingValue(rule: BooleanRule, value: unknown): boolean;
export function settingValue(rule: NumberRule, value: unknown): number;
export function settingValue(rule: SettingRule, value: unknown): number | boolean;
export function settingValue(rule: SettingRule, value: unknown): number | boolean {
  if (typeof rule.default === 'boolean') return typeof value === 'boolean' ? value : rule.default;
  return numberValue(rule as NumberRule, value);
}

function numberValue(rule: NumberRule, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return rule.default;
  if (rule.minimum !== undefined && value < rule.minimum) return rule.default;
  if (rule.exclusiveMinimum !== undefined && value <= rule.exclusiveMinimum) return rule.default;
  if (rule.maximum !== undefined && value > rule.maximum) return rule.default;
  return value;
}

/** Every setting, read with `get` (a key under `nnspec.` → its configured value) and checked by the table. */
export function settingsFrom(get: (key: string) => unknown): Settings {
  const out: Record<string, number | boolean> = {};
  for (const name of Object.keys(SETTINGS) as (keyof Settings)[]) {
    const rule: SettingRule = SETTINGS[name];
    out[name] = settingValue(rule, get(rule.key));
  }
  return out as Settings;
}
