/**
 * graphActions.ts: the graph runs behind their async interface give the seed 004 slide's numbers, leave
 * the configuration as it was (each run builds its own graph), and let the caller's options override
 * the spec's gradcheck: settings.
 */
import * as assert from 'assert';
import { runGraphGradcheck, runGraphPass } from '../../../src/extension/graphActions';
import { NEURON_SLIDE_GRADIENTS, SEED004_ADD_MUL, SEED004_NEURON, graphConfigOf } from '../fixtures/graph';

describe('graphActions', () => {
  it("backward on seed 004's neuron gives the slide's 0.73 and gradients", async () => {
    const report = await runGraphPass('backward', graphConfigOf(SEED004_NEURON));
    assert.strictEqual(report.value.toFixed(2), '0.73');
    for (const [name, digits] of NEURON_SLIDE_GRADIENTS) {
      const node = report.nodes.find((n) => n.name === name);
      assert.ok(node?.grad, `no gradient for ${name}`);
      assert.strictEqual(node.grad[0].toFixed(2), digits, name);
    }
    assert.ok(report.edges && report.edges.length > 0, 'backward reports the edges');
  });

  it('forward gives the values without gradients; runs do not disturb each other', async () => {
    const config = graphConfigOf(SEED004_ADD_MUL);
    const before = config.inputs.map((i) => Array.from(i.value.data));
    await runGraphGradcheck(config);
    const forward = await runGraphPass('forward', config);
    assert.strictEqual(forward.value, -12);
    assert.ok(forward.nodes.every((n) => n.grad === undefined));
    assert.strictEqual(forward.edges, undefined);
    assert.deepStrictEqual(
      config.inputs.map((i) => Array.from(i.value.data)),
      before,
    );
    const backward = await runGraphPass('backward', config);
    const grads = Object.fromEntries(backward.nodes.map((n) => [n.name, n.grad?.[0]]));
    assert.deepStrictEqual([grads.x, grads.y, grads.z], [-4, -4, 3]);
  });

  it("the caller's gradient-check options override the spec's", async () => {
    const config = graphConfigOf(SEED004_NEURON);
    const own = await runGraphGradcheck(config);
    assert.strictEqual(own.epsilon, config.gradcheck.epsilon);
    assert.ok(own.passed);
    const report = await runGraphGradcheck(config, { epsilon: 1e-3 });
    assert.strictEqual(report.epsilon, 1e-3);
    assert.ok(report.passed);
    assert.strictEqual(report.entries.length, 5);
  });
});
