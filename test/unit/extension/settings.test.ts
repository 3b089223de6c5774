/**
 * The settings table (extension/settingsTable.ts) is the one source of the nnspec.* settings: package.json
 * declares exactly its keys, defaults and bounds, and values outside the bounds read as the default.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SETTINGS,
  settingsFrom,
  settingValue,
  type NumberRule,
  type SettingRule,
} from '../../../src/extension/settingsTable';

const ROOT = join(__dirname, '..', '..', '..', '..');

interface Declared {
  type?: string;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const declared: Record<string, Declared> = manifest.contributes.configuration.properties;

describe('extension settings', () => {
  it("package.json declares exactly the table's settings, with its types, defaults and bounds", () => {
    const rules: SettingRule[] = Object.values(SETTINGS);
    assert.deepEqual(Object.keys(declared).sort(), rules.map((r) => `nnspec.${r.key}`).sort());
    for (const rule of rules) {
      const d = declared[`nnspec.${rule.key}`];
      assert.equal(d.type, typeof rule.default, rule.key);
      const bounds = (x: Partial<NumberRule> | Declared) => ({
        default: x.default,
        minimum: x.minimum,
        exclusiveMinimum: x.exclusiveMinimum,
        maximum: x.maximum,
      });
      assert.deepEqual(bounds(d), bounds(rule), `nnspec.${rule.key}`);
    }
  });

  it('every setting that raises a limit has a hard maximum and is restricted in untrusted workspaces', () => {
    const rules: SettingRule[] = Object.values(SETTINGS);
    const restricted = rules.filter((r) => r.restricted).map((r) => `nnspec.${r.key}`);
    assert.deepEqual(restricted.sort(), [
      'nnspec.files.allowOutsideWorkspace',
      'nnspec.maxNumbers',
      'nnspec.training.maxMemoryMb',
    ]);
    assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(), restricted);
    for (const rule of rules.filter((r): r is NumberRule => r.restricted === true && typeof r.default === 'number'))
      assert.ok(rule.maximum !== undefined && rule.maximum >= rule.default, rule.key);
    assert.equal(settingValue(SETTINGS.maxNumbers, 1e12), SETTINGS.maxNumbers.default, 'over the maximum');
    assert.equal(settingValue(SETTINGS.filesOutsideWorkspace, true), true);
    assert.equal(settingValue(SETTINGS.filesOutsideWorkspace, 'yes'), false);
  });

  it('reads a value within the bounds as given and anything else as the default', () => {
    const rule = SETTINGS.liveUpdateIntervalMs;
    assert.equal(settingValue(rule, 1000), 1000);
    assert.equal(settingValue(rule, rule.minimum), rule.minimum);
    assert.equal(settingValue(rule, rule.maximum), rule.maximum);
    for (const bad of [rule.minimum - 1, rule.maximum + 1, NaN, Infinity, '1000', undefined, null])
      assert.equal(settingValue(rule, bad), rule.default, String(bad));
    const eps = SETTINGS.gradcheckEpsilon;
    assert.equal(settingValue(eps, 1e-7), 1e-7);
    assert.equal(settingValue(eps, 0), eps.default, 'the minimum is exclusive');
    assert.equal(settingValue(eps, -1e-7), eps.default);
  });

  it('reads every setting by its key', () => {
    const given: Record<string, unknown> = { maxNumbers: 5000, 'training.maxMemoryMb': 1, diagnosticsDelayMs: 0 };
    const s = settingsFrom((key) => given[key]);
    assert.equal(s.maxNumbers, 5000);
    assert.equal(s.trainingMaxMemoryMb, SETTINGS.trainingMaxMemoryMb.default, 'below the minimum');
    assert.equal(s.diagnosticsDelayMs, 0);
    assert.equal(s.gradcheckEpsilon, SETTINGS.gradcheckEpsilon.default, 'not set');
    assert.deepEqual(Object.keys(s).sort(), Object.keys(SETTINGS).sort());
  });
});
