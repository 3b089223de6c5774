/** The flat code of graphs: one forward statement per gate, one backward statement per gradient sent, `+=` for copies. */
import * as assert from 'assert';
import { flatCode } from '../../../../src/engine/graph/flatCode';
import { makeGraph } from '../../fixtures/graph';

describe('engine graph: flat code', () => {
  it("seed 001's graph: b is copied into c and d, so its second gradient is added", () => {
    const code = flatCode(
      makeGraph({ a: 2, b: 1 }, [
        ['c', 'a + b'],
        ['d', 'b + 1'],
        ['e', 'c * d'],
      ]),
    );
    assert.deepStrictEqual(code.forward, ['c = a + b', 'd = b + 1', 'e = c * d']);
    assert.deepStrictEqual(code.backward, [
      'grad_e = 1.0',
      'grad_c = grad_e * d',
      'grad_d = grad_e * c',
      'grad_b = grad_d',
      'grad_a = grad_c',
      'grad_b += grad_c',
    ]);
  });

  it('the neuron gate by gate: the local gradients of negation, exp, +1 and 1/x', () => {
    const code = flatCode(
      makeGraph({ w0: 2, x0: -1, w1: -3, x1: -2, w2: -3 }, [['f', '1 / (1 + exp(-(w0*x0 + w1*x1 + w2)))']]),
    );
    assert.deepStrictEqual(code.forward.slice(4), ['s4 = -s3', 's5 = exp(s4)', 's6 = 1 + s5', 'f = 1 / s6']);
    assert.deepStrictEqual(code.backward.slice(0, 5), [
      'grad_f = 1.0',
      'grad_s6 = grad_f * (-1 / s6^2)',
      'grad_s5 = grad_s6',
      'grad_s4 = grad_s5 * s5',
      'grad_s3 = -grad_s4',
    ]);
  });

  it('vectors and matrices: 2q for the square, outer products and transposes for @, sums for a broadcast number', () => {
    const code = flatCode(
      makeGraph(
        {
          W: [
            [0.1, 0.5],
            [-0.3, 0.8],
          ],
          x: [0.2, 0.4],
          s: 2,
        },
        [
          ['q', 'W @ x'],
          ['f', 'sum(s * q ^ 2)'],
        ],
      ),
    );
    assert.deepStrictEqual(code.forward, ['q = W @ x', 's0 = q ^ 2', 's1 = s * s0', 'f = sum(s1)']);
    assert.deepStrictEqual(code.backward, [
      'grad_f = 1.0',
      'grad_s1 = grad_f',
      'grad_s = sum(grad_s1 * s0)',
      'grad_s0 = grad_s1 * s',
      'grad_q = grad_s0 * 2 * q',
      'grad_W = outer(grad_q, x)',
      'grad_x = transpose(W) @ grad_q',
    ]);
  });
});
