/**
 * Weights written into a spec (src/format/inlineWeights.ts): the edited spec analyses clean and holds
 * exactly the weights written (so it computes the same J), in the lecture's format; values already
 * there are replaced in place, missing keys added at the layer's indentation (block or `{ … }`
 * layers, dense or maxout), a weights_file line removed; big networks, NaN and a changed spec are
 * refused with a reason.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { NetworkConfig } from '../../../src/engine/config';
import { Network } from '../../../src/engine/network';
import { openSpec } from '../../../src/format/openSpec';
import {
  MAX_INLINE_PARAMS,
  formatParam,
  formatWeight,
  inlineWeightsEdits,
  type TextEdit,
} from '../../../src/format/inlineWeights';
import { paramsOf, type LayerParams } from '../../../src/format/weightsFile';
import { WORKED_EXAMPLE } from '../fixtures/spec';

const EXAMPLES = join(__dirname, '..', '..', '..', '..', 'examples');
const example = (name: string): string => readFileSync(join(EXAMPLES, `${name}.nnspec`), 'utf8');

/** The text with the edits applied (as an editor does: positions in the original text, none overlapping). */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: { line: number; character: number }) =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

function configOf(text: string): NetworkConfig {
  const { config, analysis } = openSpec(text);
  assert.ok(config, JSON.stringify(analysis.diagnostics.slice(0, 3)));
  return config;
}

/** Trained-looking weights: the initial ones of `config` moved by irrational steps (17 significant digits). */
function trainedParams(config: NetworkConfig): LayerParams[] {
  return paramsOf(Network.fromSpec(config).layers).map((p, l) => ({
    W: p.W.map((w, i) => w + Math.sin(1 + i + l) / 3),
    ...(p.b ? { b: p.b.map((b, i) => b - Math.cos(2 + i + l) / 7) } : {}),
  }));
}

/** Writes `params` into `text` and checks the result: clean, and holding exactly those weights. */
function writeAndCheck(text: string, params: readonly LayerParams[]): { edited: string; config: NetworkConfig } {
  const config = configOf(text);
  const result = inlineWeightsEdits(text, config.layers, params);
  assert.ok(result.ok, result.ok ? '' : result.message);
  const edited = applyEdits(text, result.edits);
  const opened = openSpec(edited);
  assert.deepEqual(opened.analysis.diagnostics, [], edited);
  const after = opened.config!;
  params.forEach((p, i) => {
    assert.deepEqual([...after.layers[i].weights!], [...p.W], `layer ${i + 1} W, to the last bit`);
    if (p.b) assert.deepEqual([...after.layers[i].biases!], [...p.b], `layer ${i + 1} b`);
  });
  return { edited, config: after };
}

describe('weights written into the spec', () => {
  it('formats a weight so it reads back as the same double, whole numbers as in the lecture', () => {
    assert.equal(formatWeight(1), '1.0');
    assert.equal(formatWeight(-1), '-1.0');
    assert.equal(formatWeight(0.5), '0.5');
    assert.equal(formatWeight(-0), '-0.0');
    assert.equal(formatParam(Float64Array.from([1, -1, 3, 2, 2, -1]), [2, 3]), '[[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]');
    let seed = 7;
    const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 10 ** ((seed % 9) - 4);
    for (let i = 0; i < 2000; i++) {
      const v = next();
      assert.equal(Number(formatWeight(v)), v, formatWeight(v));
      assert.equal(parse(`w: ${formatWeight(v)}`).w, v, `YAML reads ${formatWeight(v)} back`);
    }
    for (const v of [1e-7, 1.5e300, -2.5e-320, 1e21, 123456789012345680000])
      assert.equal(parse(`w: ${formatWeight(v)}`).w, v);
    assert.throws(() => formatWeight(NaN));
  });

  it("writing the lecture's own weights into the lecture's spec changes nothing", () => {
    const config = configOf(WORKED_EXAMPLE);
    const params = paramsOf(Network.fromSpec(config).layers);
    const result = inlineWeightsEdits(WORKED_EXAMPLE, config.layers, params);
    assert.ok(result.ok);
    assert.equal(result.edits.length, 2, 'one edit per weights: value');
    assert.equal(applyEdits(WORKED_EXAMPLE, result.edits), WORKED_EXAMPLE);
  });

  it('replaces weights in place and keeps comments; the spec then computes the same J as the weights', () => {
    const config = configOf(WORKED_EXAMPLE);
    const params = trainedParams(config);
    const { edited, config: after } = writeAndCheck(WORKED_EXAMPLE, params);
    assert.match(edited, /\]\] {3}# optional explicit init, inputs × units\n/, 'the comment stays after the value');
    assert.equal(
      edited.replace(/weights: \[\[[^#]*\]\]/g, 'weights: W'),
      WORKED_EXAMPLE.replace(/weights: \[\[[^#]*\]\]/g, 'weights: W'),
      'only the values changed',
    );
    const data = openSpec(edited).data!.train;
    const trained = Network.fromSpec(config);
    trained.layers.forEach((l, i) => l.W.set(params[i].W));
    assert.equal(
      Network.fromSpec(after).lossOf(data.x, data.targets, data.n),
      trained.lossOf(data.x, data.targets, data.n),
    );
  });

  it('adds weights and biases after a block layer’s last key, at its indentation', () => {
    const xor = example('xor');
    const { edited } = writeAndCheck(xor, trainedParams(configOf(xor)));
    const lines = edited.split('\n');
    const at = lines.findIndex((l) => l === '    activation: tanh');
    assert.match(lines[at + 1], /^ {4}weights: \[\[/);
    const b = lines.findIndex((l) => l.startsWith('    biases: ['));
    assert.ok(b > at + 1, 'biases after the weights');
    assert.ok(
      lines.slice(at + 2, b).every((l) => l.startsWith(' '.repeat(14) + '[')),
      'rows aligned under the first',
    );
    assert.equal(lines[b + 1], '  - dense: 1');
    assert.equal(edited.replace(/\n {4}(weights|biases): [^\n]*(\n {14}[^\n]*)*/g, ''), xor, 'nothing else changed');
  });

  it('writes a long matrix one row per line, aligned, still read as the same numbers', () => {
    const spec = example('xor').replace('dense: 4', 'dense: 12');
    const { edited } = writeAndCheck(spec, trainedParams(configOf(spec)));
    const lines = edited.split('\n');
    const w = lines.findIndex((l) => l.startsWith('    weights: [['));
    assert.ok(
      w > 0 && lines[w + 1].startsWith(' '.repeat('    weights: ['.length) + '['),
      lines.slice(w, w + 3).join('\n'),
    );
    assert.ok(lines.every((l) => l.length <= 400));
  });

  it('writes into { … } layers and maxout layers (pieces × inputs × units)', () => {
    const flowSpec = example('xor').replace(
      '  - dense: 4\n    activation: tanh\n',
      '  - { dense: 4, activation: tanh }\n',
    );
    const { edited } = writeAndCheck(flowSpec, trainedParams(configOf(flowSpec)));
    assert.match(edited, /^ {2}- \{ dense: 4, activation: tanh, weights: \[\[.*\]\], biases: \[.*\] \}$/m);
    const maxout = example('maxout');
    const config = configOf(maxout);
    assert.equal(config.layers[0].type, 'maxout');
    const { edited: m } = writeAndCheck(maxout, trainedParams(config));
    assert.match(m, /^ {4}weights: \[\[\[/m, 'three levels for maxout W');
  });

  it('removes weights_file, whose weights would otherwise replace the ones written', () => {
    const spec = `weights_file: xor.weights.json   # saved yesterday\n${example('xor')}`;
    const config = configOf(example('xor'));
    const result = inlineWeightsEdits(spec, config.layers, trainedParams(config));
    assert.ok(result.ok);
    const edited = applyEdits(spec, result.edits);
    assert.ok(!edited.includes('weights_file'), edited.slice(0, 200));
    assert.deepEqual(openSpec(edited).analysis.diagnostics, []);
  });

  it('refuses a big network, NaN weights and weights that do not fit, with a reason', () => {
    const big = example('xor').replace('dense: 4', 'dense: 50');
    const config = configOf(big);
    const total = config.layers.reduce((s, l) => s + l.inputs * l.units + l.units, 0);
    assert.ok(total > MAX_INLINE_PARAMS);
    const refused = inlineWeightsEdits(big, config.layers, trainedParams(config));
    assert.ok(
      !refused.ok && refused.message.includes(`${total} parameters`) && refused.message.includes('weights file'),
    );
    const xor = configOf(example('xor'));
    const nan = trainedParams(xor);
    nan[1].W[0] = NaN;
    const r2 = inlineWeightsEdits(example('xor'), xor.layers, nan);
    assert.ok(!r2.ok && /layer 2 .*NaN/.test(r2.message));
    const r3 = inlineWeightsEdits(example('xor'), xor.layers, trainedParams(configOf(WORKED_EXAMPLE)));
    assert.ok(!r3.ok && /do not fit/.test(r3.message));
    const r4 = inlineWeightsEdits(
      example('xor').replace('  - dense: 1\n', '  - dense: 2\n  - dense: 1\n'),
      xor.layers,
      trainedParams(xor),
    );
    assert.ok(!r4.ok && /changed/.test(r4.message), 'the text has another number of layers');
  });
});
