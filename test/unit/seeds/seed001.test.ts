/** Seed 001 (Cornell lecture 16): the toy computational graph and the loss formula: its worked examples through the real engine (see support.ts for the shared helpers). */
import * as assert from 'assert';
import { backwardReport } from '../../../src/engine/passes';
import { WORKED_EXAMPLE } from '../fixtures/spec';
import { build, printed, close, sigmoid, W } from './support';
import { graphBackward } from '../../../src/engine/graph/passes';
import { SEED001_GRAPH, graphOf } from '../fixtures/graph';

describe('seed 001 (Cornell lecture 16): the toy computational graph and the loss formula', () => {
  it('c = a + b, d = b + 1, e = c·d at a = 2, b = 1: e = 6, ∂e/∂a = 2·1, ∂e/∂b = 2·1 + 3·1 (two paths)', () => {
    // The graph as layers: [a, b] are the weights of a layer fed 1; [c, d] = [a + b, b + 1] is a linear
    // layer; the product c·d = ((c + d)² − (c − d)²) / 4 is a square activation and a linear read-out.
    // mse with target e − 1/2 = 5.5 makes ∂J/∂e = 2(e − 5.5) = 1, so every ∂J/∂· below is ∂e/∂·.
    const { net, data } = build(`input: 1
activations:
  square:
    f: x^2
    df: 2*x
layers:
  - dense: 2          # [a, b]
    weights: [[2, 1]]
    bias: false
  - dense: 2          # c = a + b, d = b + 1
    weights: [[1, 0], [1, 1]]
    biases: [0, 1]
  - dense: 2          # (c + d)², (c − d)²
    activation: square
    weights: [[1, 1], [1, -1]]
    bias: false
  - dense: 1          # e = ((c + d)² − (c − d)²) / 4 = c·d
    weights: [[0.25], [-0.25]]
    bias: false
loss: mse
data:
  samples:
    - { x: [1], y: 5.5 }
`);
    const r = backwardReport(net, data);
    assert.deepStrictEqual(r.layers[0].a[0], [2, 1], 'a, b');
    assert.deepStrictEqual(r.layers[1].a[0], [3, 2], 'c = 3, d = 2');
    close(r.layers[3].a[0][0], 6, 1e-12, 'e');
    close(r.layers[3].dA![0][0], 1, 1e-12, '∂J/∂e');
    // Edge labels: ∂e/∂c = d = 2, ∂e/∂d = c = 3.
    close(r.layers[1].dA![0][0], 2, 1e-12, '∂e/∂c');
    close(r.layers[1].dA![0][1], 3, 1e-12, '∂e/∂d');
    // ∂e/∂a = ∂e/∂c·∂c/∂a = 2·1; ∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2·1 + 3·1 = 5.
    close(r.layers[0].dA![0][0], 2 * 1, 1e-12, '∂e/∂a');
    close(r.layers[0].dA![0][1], 2 * 1 + 3 * 1, 1e-12, '∂e/∂b');
    assert.deepStrictEqual(
      W(r, 0)[0].map((v) => Math.round(v * 1e9) / 1e9),
      [2, 5],
      'the weights a, b get the same gradients',
    );
  });

  it('the same graph as a graph: spec: e = 6, ∂e/∂a = 2, ∂e/∂b = 2·1 + 3·1 = 5 summed over both paths', () => {
    const r = graphBackward(graphOf(SEED001_GRAPH));
    const node = (n: string) => r.nodes.find((x) => x.name === n)!;
    assert.deepStrictEqual(
      ['a', 'b', 'c', 'd', 'e'].map((n) => node(n).value[0]),
      [2, 1, 3, 2, 6],
      'a, b, c = a + b, d = b + 1, e = c·d',
    );
    assert.strictEqual(r.value, 6);
    const edge = (from: string, to: string) => r.edges!.find((x) => x.from === from && x.to === to)!;
    // The edge labels of the slide: ∂e/∂c = d = 2 and ∂e/∂d = c = 3; ∂c/∂a = ∂c/∂b = ∂d/∂b = 1.
    assert.deepStrictEqual([edge('c', 'e').local![0], edge('d', 'e').local![0]], [2, 3]);
    assert.deepStrictEqual([edge('a', 'c').local![0], edge('b', 'c').local![0], edge('b', 'd').local![0]], [1, 1, 1]);
    assert.strictEqual(node('a').grad![0], 2 * 1, '∂e/∂a: one path');
    // b fans out to c and d (a copy gate): its two edges carry 2·1 and 3·1, and they add.
    assert.deepStrictEqual([edge('b', 'c').product[0], edge('b', 'd').product[0]], [2 * 1, 3 * 1]);
    assert.strictEqual(node('b').grad![0], 2 * 1 + 3 * 1, '∂e/∂b: the total derivative over both paths');
    assert.strictEqual(node('b').pattern, 'adds');
  });

  it("binary cross-entropy for ŷ = 0 is −log(1 − y); the notes' formula −(1 − ŷ)(1 − log y) is a slip", () => {
    // Seed 001 writes J = −ŷ·log(y) − (1 − ŷ)·(1 − log(y)); for ŷ = 1 both agree (−log y = 0.5269…), but
    // for ŷ = 0 the notes' formula gives −1 + log(0.590378) = −1.527, a negative "loss". The engine (and the
    // notebook's own code, J = −log(1 − y)) use log(1 − y).
    const { net, data } = build(WORKED_EXAMPLE.replace('y: 1 }', 'y: 0 }'));
    const r = backwardReport(net, data);
    const hh = [sigmoid(1 * 5 + 2 * 3), sigmoid(-1 * 5 + 2 * 3), sigmoid(3 * 5 - 1 * 3)];
    const yHand = sigmoid(0.1 * hh[0] + 0.5 * hh[1] - 0.1 * hh[2]);
    close(r.loss, -Math.log(1 - yHand), 1e-12, 'J for ŷ = 0');
    printed(r.loss, '0.8925', 'J for ŷ = 0');
    close(r.layers[1].dA![0][0], 1 / (1 - yHand), 1e-12, "∂J/∂y = 1/(1 − y), as the notebook's dJ = 1/(1-self.y)");
    const slip = -(1 - 0) * (1 - Math.log(yHand));
    assert.ok(slip < 0 && Math.abs(r.loss - slip) > 2, `the notes' formula gives ${slip}`);
  });
});

// ===================================================================================================
