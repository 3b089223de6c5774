/**
 * The gradient check of graphs: on random graphs of smooth operations over numbers, vectors and a
 * matrix (property-tested with fast-check) the backward pass agrees with central differences on every
 * input entry; a step across a max, relu or abs corner is a kink, not a failure; a seeded sample of
 * `max_params` entries when there are more.
 */
import * as assert from 'assert';
import { graphGradcheckMessage } from '../../../../src/text/graph';
import fc from 'fast-check';
import { graphGradcheck } from '../../../../src/engine/graph/gradcheck';
import { makeGraph, makeGraphConfig } from '../../fixtures/graph';
import { Graph } from '../../../../src/engine/graph/graph';

/** Templates of a node: its kind of value and an expression over operands of given kinds (A, B numbers; V, W 3-vectors). */
const TEMPLATES: { out: 'n' | 'v'; text: string }[] = [
  { out: 'n', text: 'A + B' },
  { out: 'n', text: 'A - B * 0.5' },
  { out: 'n', text: 'A * B' },
  { out: 'n', text: 'A / (1 + B ^ 2)' },
  { out: 'n', text: 'tanh(A) * B' },
  { out: 'n', text: 'sigmoid(A) - B' },
  { out: 'n', text: 'sin(A) + cos(B)' },
  { out: 'n', text: 'log(1 + A ^ 2)' },
  { out: 'n', text: 'sqrt(1 + A * A)' },
  { out: 'n', text: 'exp(-A ^ 2) * B' },
  { out: 'n', text: 'sum(V)' },
  { out: 'n', text: 'mean(V * W)' },
  { out: 'n', text: 'V @ W' },
  { out: 'n', text: 'sum(M @ V) * A' },
  { out: 'v', text: 'V * A' },
  { out: 'v', text: 'V + W' },
  { out: 'v', text: 'tanh(V) * W' },
  { out: 'v', text: 'transpose(M) @ (M @ V)' },
  { out: 'v', text: 'sigmoid(V) - V / 2' },
  { out: 'v', text: 'A - V ^ 2' },
];

const value = fc.double({ min: -2, max: 2, noNaN: true });

describe('engine graph: gradient check', () => {
  it('random smooth graphs over numbers, vectors and a matrix agree with central differences everywhere', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 2, maxLength: 2 }),
        fc.array(value, { minLength: 6, maxLength: 6 }),
        fc.array(value, { minLength: 6, maxLength: 6 }),
        fc.array(
          fc.record({
            template: fc.nat(TEMPLATES.length - 1),
            picks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 7 },
        ),
        ([a, b], vw, m, steps) => {
          const numbers = ['a', 'b'];
          const vectors = ['v', 'w'];
          const nodes: [string, string][] = [];
          steps.forEach(({ template, picks }, k) => {
            const t = TEMPLATES[template];
            const text = t.text
              .replace(/\bA\b/g, numbers[picks[0] % numbers.length])
              .replace(/\bB\b/g, numbers[picks[1] % numbers.length])
              .replace(/\bV\b/g, vectors[picks[2] % vectors.length])
              .replace(/\bW\b/g, vectors[picks[3] % vectors.length]);
            const name = `n${k}`;
            nodes.push([name, text]);
            (t.out === 'n' ? numbers : vectors).push(name);
          });
          // The output reads the last number and the last vector, so every kind of gate is on its path.
          nodes.push(['out', `${numbers[numbers.length - 1]} + mean(${vectors[vectors.length - 1]})`]);
          const graph = makeGraph({ a, b, v: vw.slice(0, 3), w: vw.slice(3), M: [m.slice(0, 3), m.slice(3)] }, nodes);
          const report = graphGradcheck(graph);
          assert.ok(
            report.passed,
            `${nodes.map(([n, t]) => `${n}: ${t}`).join('; ')}: ${graphGradcheckMessage(report)}`,
          );
          assert.strictEqual(report.entries.length, 2 + 6 + 6, 'every input entry is checked');
          assert.ok(
            report.entries.every((e) => e.status === 'ok' || e.status === 'warn'),
            report.entries.map((e) => `${e.param}${JSON.stringify(e.index)} ${e.status}`).join(', '),
          );
        },
      ),
      { numRuns: 150, seed: 20240611 },
    );
  });

  it('a step across a max, min or relu corner is a kink, and the check still passes', () => {
    for (const expr of ['max(x, y)', 'min(x, y)', 'relu(x - y)']) {
      const report = graphGradcheck(makeGraph({ x: 1.5, y: 1.5 }, [['f', expr]]));
      assert.ok(report.passed, `${expr}: ${graphGradcheckMessage(report)}`);
      assert.ok(
        report.entries.some((e) => e.status === 'kink'),
        `${expr}: ${report.entries.map((e) => `${e.param} ${e.status} ${e.analytic} ${e.numeric}`).join('; ')}`,
      );
      assert.match(graphGradcheckMessage(report), /crossed a corner \(max\/min\/relu\/abs kink\)/);
    }
    // abs's central difference at its corner is 0, the sign's value there: no mismatch to explain.
    const abs = graphGradcheck(makeGraph({ x: 1.5, y: 1.5 }, [['f', 'abs(x - y)']]));
    assert.deepStrictEqual(
      abs.entries.map((e) => [e.analytic, e.numeric, e.status]),
      [
        [0, 0, 'ok'],
        [0, 0, 'ok'],
      ],
    );
    const away = graphGradcheck(makeGraph({ x: 1.5, y: 0.5 }, [['f', 'max(x, y) + relu(x) + abs(y)']]));
    assert.ok(
      away.entries.every((e) => e.status === 'ok'),
      'away from the corners every entry is ok',
    );
  });

  it('entries name the input and the element; one group per input; the graph is left as found', () => {
    const graph = makeGraph(
      {
        W: [
          [0.1, 0.5],
          [-0.3, 0.8],
        ],
        x: [0.2, 0.4],
      },
      [
        ['q', 'W @ x'],
        ['f', 'sum(q ^ 2)'],
      ],
    );
    const report = graphGradcheck(graph);
    assert.deepStrictEqual(
      report.entries.map((e) => `${e.param}${JSON.stringify(e.index)}`),
      ['W[0,0]', 'W[0,1]', 'W[1,0]', 'W[1,1]', 'x[0]', 'x[1]'],
    );
    assert.deepStrictEqual(
      report.groups.map((g) => [g.param, g.checked, g.status]),
      [
        ['W', 4, 'ok'],
        ['x', 2, 'ok'],
      ],
    );
    assert.deepStrictEqual(Array.from(graph.inputs[0].value), [0.1, 0.5, -0.3, 0.8]);
    assert.ok(Math.abs(graph.output.value[0] - 0.116) < 1e-15);
  });

  it('checks a seeded sample of max_params entries when there are more', () => {
    const config = makeGraphConfig({ v: Array.from({ length: 40 }, (_, i) => Math.sin(i)) }, [['f', 'sum(v ^ 3)']]);
    config.gradcheck.maxParams = 5;
    const first = graphGradcheck(new Graph(config));
    const again = graphGradcheck(new Graph(config));
    assert.strictEqual(first.entries.length, 5);
    assert.deepStrictEqual(
      first.entries.map((e) => e.index),
      again.entries.map((e) => e.index),
      'the same sample',
    );
    assert.ok(first.passed);
  });
});
