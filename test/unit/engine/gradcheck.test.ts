/**
 * Gradient check: passes on smooth networks (hand-picked and random, property-tested with fast-check),
 * catches a wrong user-supplied derivative and names the layer, and marks corner crossings as kinks.
 */
import * as assert from 'assert';
import fc from 'fast-check';
import type { LossName } from '../../../src/engine/config';
import type { ActivationConfig } from '../../../src/engine/config';
import { GradcheckRun, gradcheck, gradcheckEntryCost, relativeError } from '../../../src/engine/gradcheck';
import { gradcheckMessage } from '../../../src/text/gradcheck';
import { Network } from '../../../src/engine/network';
import { Rng } from '../../../src/engine/random';
import {
  makeData,
  makeSpec,
  oneHot,
  reluCorner,
  swishNetwork,
  workedExample,
  type LayerOpts,
} from '../fixtures/engine';

function randomData(inputs: number, n: number, outputs: number, loss: LossName, seed: number) {
  const rng = new Rng(seed);
  const x = Array.from({ length: n }, () => Array.from({ length: inputs }, () => rng.uniform(-1.5, 1.5)));
  let t: number[][];
  if (loss === 'cross_entropy' || loss === 'hinge')
    t = oneHot(
      x.map(() => rng.int(outputs)),
      outputs,
    );
  else if (loss === 'binary_cross_entropy') t = x.map(() => Array.from({ length: outputs }, () => rng.int(2)));
  else t = x.map(() => Array.from({ length: outputs }, () => rng.uniform(-1, 1)));
  return makeData(x, t);
}

describe('engine gradcheck', () => {
  it('passes on the worked example with every entry ok', () => {
    const { spec, data } = workedExample();
    const r = gradcheck(Network.fromSpec(spec), data);
    assert.ok(r.passed, gradcheckMessage(r));
    assert.strictEqual(r.entries.length, 9);
    assert.ok(
      r.entries.every((e) => e.status === 'ok'),
      JSON.stringify(r.entries.filter((e) => e.status !== 'ok')),
    );
    assert.deepStrictEqual(
      r.groups.map((g) => [g.layer, g.param, g.status, g.checked]),
      [
        [1, 'W', 'ok', 6],
        [2, 'W', 'ok', 3],
      ],
    );
    assert.deepStrictEqual(r.entries[1].index, [0, 1]);
    assert.ok(Math.abs(r.entries[1].analytic - -2.01341432e-1) < 1e-8);
    assert.strictEqual(r.suspect, undefined);
  });

  it('passes on a 2-3-3 sigmoid/softmax net with biases and L2, and on tanh/mse with L1', () => {
    const a = makeSpec({
      input: 2,
      loss: 'cross_entropy',
      l2: 1e-3,
      seed: 5,
      layers: [
        { units: 3, activation: { kind: 'sigmoid' } },
        { units: 3, activation: { kind: 'softmax' } },
      ],
    });
    const ra = gradcheck(Network.fromSpec(a), randomData(2, 6, 3, 'cross_entropy', 1));
    assert.ok(ra.passed, gradcheckMessage(ra));
    assert.strictEqual(ra.entries.length, 21);
    const b = makeSpec({
      input: 3,
      loss: 'mse',
      l1: 0.01,
      seed: 2,
      layers: [{ units: 4, activation: { kind: 'tanh' } }, { units: 2 }],
    });
    const rb = gradcheck(Network.fromSpec(b), randomData(3, 5, 2, 'mse', 2));
    assert.ok(rb.passed, gradcheckMessage(rb));
    assert.ok(rb.maxRelativeError < 1e-6, `max error ${rb.maxRelativeError}`);
  });

  it('catches a wrong custom df and names the layer and the custom activation', () => {
    const spec = swishNetwork('sigmoid(x)'); // forgot the product rule
    const r = gradcheck(Network.fromSpec(spec), randomData(2, 5, 1, 'binary_cross_entropy', 3));
    assert.strictEqual(r.passed, false);
    assert.strictEqual(r.groups.find((g) => g.layer === 2 && g.param === 'W')!.status, 'fail');
    assert.strictEqual(
      r.groups.find((g) => g.layer === 3 && g.param === 'W')!.status,
      'ok',
      'layers after the wrong df are unaffected',
    );
    assert.deepStrictEqual(r.suspect, {
      layer: 2,
      activation: 'swish',
      fText: 'x * sigmoid(x)',
      dfText: 'sigmoid(x)',
      fHasCorners: false,
    });
    // and the right df passes
    const ok = swishNetwork('sigmoid(x) * (1 + x * (1 - sigmoid(x)))');
    const r2 = gradcheck(Network.fromSpec(ok), randomData(2, 5, 1, 'binary_cross_entropy', 3));
    assert.ok(r2.passed, gradcheckMessage(r2));
  });

  it('reports "kink" (not a failure) when the perturbation crosses a ReLU corner', () => {
    const { spec, data } = reluCorner();
    const r = gradcheck(Network.fromSpec(spec), data);
    const b1 = r.entries.find((e) => e.layer === 1 && e.param === 'b')!;
    assert.strictEqual(b1.status, 'kink');
    assert.ok(b1.relativeError > 1e-3, 'the mismatch is real');
    assert.ok(r.passed, gradcheckMessage(r));
    assert.ok(r.entries.some((e) => e.status === 'kink'));
  });

  it('samples max_params parameters deterministically', () => {
    const spec = makeSpec({
      input: 4,
      loss: 'mse',
      seed: 9,
      layers: [{ units: 8, activation: { kind: 'tanh' } }, { units: 2 }],
    });
    const data = randomData(4, 4, 2, 'mse', 4);
    const r1 = gradcheck(Network.fromSpec(spec), data, { maxParams: 7 });
    const r2 = gradcheck(Network.fromSpec(spec), data, { maxParams: 7 });
    assert.strictEqual(r1.entries.length, 7);
    assert.deepStrictEqual(
      r1.entries.map((e) => [e.layer, e.param, e.index]),
      r2.entries.map((e) => [e.layer, e.param, e.index]),
    );
  });

  it('in parts gives the same report as at once, counts what it checked, and restores the gradients', () => {
    const spec = makeSpec({
      input: 3,
      loss: 'cross_entropy',
      seed: 5,
      layers: [
        { units: 4, activation: { kind: 'tanh' } },
        { units: 3, activation: { kind: 'softmax' } },
      ],
    });
    const data = randomData(3, 6, 3, 'cross_entropy', 8);
    const whole = gradcheck(Network.fromSpec(spec), data, { maxParams: 20 });
    const net = Network.fromSpec(spec);
    const run = new GradcheckRun(net, data, { maxParams: 20 });
    const gradients = net.params().map((p) => Array.from(p.grad));
    assert.strictEqual(run.total, 20);
    const seen: number[] = [];
    while (!run.advance(7)) seen.push(run.checked);
    assert.deepStrictEqual(seen, [7, 14]);
    assert.strictEqual(run.checked, 20);
    assert.deepStrictEqual(run.report(), whole);
    assert.deepStrictEqual(
      net.params().map((p) => Array.from(p.grad)),
      gradients,
      'the gradients of the unperturbed weights',
    );
    // One parameter costs two forward passes over the samples: 2 × 6 × 31 multiply-adds for 31 parameters.
    assert.strictEqual(gradcheckEntryCost(net, 6), 2 * 6 * 31);
  });

  it('relative error uses a floor for tiny values', () => {
    assert.strictEqual(relativeError(0, 0), 0);
    assert.ok(relativeError(1e-12, 2e-12) < 1e-4);
    assert.ok(Math.abs(relativeError(1, 1.1) - 0.1 / 1.1) < 1e-15);
    assert.strictEqual(relativeError(NaN, 1), Infinity);
  });

  it('property: passes for random small networks of smooth activations and any loss', function () {
    this.timeout(60000);
    const smooth: ActivationConfig[] = [
      { kind: 'sigmoid' },
      { kind: 'tanh' },
      { kind: 'softplus' },
      { kind: 'elu', alpha: 1 },
      { kind: 'linear' },
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.record({
            units: fc.integer({ min: 1, max: 5 }),
            act: fc.integer({ min: 0, max: smooth.length - 1 }),
            bias: fc.boolean(),
          }),
          { minLength: 0, maxLength: 2 },
        ),
        fc.constantFrom<LossName>('binary_cross_entropy', 'cross_entropy', 'mse'),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(0, 1e-3),
        (input, hidden, loss, outs, seed, l2) => {
          const outputs = loss === 'cross_entropy' ? Math.max(2, outs) : outs;
          const out: ActivationConfig =
            loss === 'cross_entropy'
              ? { kind: 'softmax' }
              : loss === 'binary_cross_entropy'
                ? { kind: 'sigmoid' }
                : { kind: 'linear' };
          const layers: LayerOpts[] = [
            ...hidden.map((h) => ({ units: h.units, activation: smooth[h.act], bias: h.bias })),
            { units: outputs, activation: out },
          ];
          const spec = makeSpec({ input, loss, layers, seed, l2 });
          const r = gradcheck(Network.fromSpec(spec), randomData(input, 4, outputs, loss, seed + 1));
          // ELU has a corner at 0; any hit there is reported as a kink, which still passes.
          assert.ok(r.passed, `${gradcheckMessage(r)}\n${JSON.stringify(r.entries.filter((e) => e.status !== 'ok'))}`);
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});
