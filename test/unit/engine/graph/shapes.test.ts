/** The shape rule of graphs and its sentences: broadcasting numbers, @ in its four forms, transpose, sum, mean. */
import * as assert from 'assert';
import { parseExpression } from '../../../../src/engine/expression/parse';
import { inferShape, type Shape } from '../../../../src/engine/graph/shapes';

const SHAPES: Record<string, Shape> = { s: [], x: [3], y: [2], W: [2, 2], M: [2, 3], u: [1] };

function shapeOf(text: string) {
  const r = parseExpression(text, { tensors: true });
  assert.ok(!r.error, r.error?.message);
  return inferShape(r.expr, (n) => SHAPES[n]);
}

describe('engine graph: shapes', () => {
  it('numbers broadcast; equal shapes combine entry by entry', () => {
    assert.deepStrictEqual(shapeOf('s * x + 1').shape, [3]);
    assert.deepStrictEqual(shapeOf('max(0, M)').shape, [2, 3]);
    assert.deepStrictEqual(shapeOf('x * x - sigmoid(x)').shape, [3]);
  });
  it('@: matrix @ vector, vector @ matrix, matrix @ matrix, vector @ vector', () => {
    assert.deepStrictEqual(shapeOf('M @ x').shape, [2]);
    assert.deepStrictEqual(shapeOf('y @ M').shape, [3]);
    assert.deepStrictEqual(shapeOf('W @ M').shape, [2, 3]);
    assert.deepStrictEqual(shapeOf('x @ x').shape, []);
  });
  it('transpose swaps, sum and mean give a number', () => {
    assert.deepStrictEqual(shapeOf('transpose(M)').shape, [3, 2]);
    assert.deepStrictEqual(shapeOf('sum(M) + mean(x)').shape, []);
  });
  it("says why an operation is undefined, naming both sides (the issue's wording)", () => {
    assert.strictEqual(shapeOf('W @ x').error?.message, 'W is 2×2 and x has 3 entries, so W @ x is undefined');
    assert.strictEqual(
      shapeOf('x + y').error?.message,
      'x has 3 entries and y has 2 entries, so x + y is undefined (entry by entry needs equal shapes, or a number)',
    );
    assert.strictEqual(
      shapeOf('(x * 2) * M').error?.message,
      '(x * 2) has 3 entries and M is 2×3, so x * 2 * M is undefined (entry by entry needs equal shapes, or a number)',
    );
    assert.strictEqual(shapeOf('s @ x').error?.message, 's is a number, so s @ x is undefined; use * to scale');
    assert.match(shapeOf('transpose(x)').error!.message, /transpose needs a matrix, but x has 3 entries; .*3×1 matrix/);
    assert.strictEqual(shapeOf('u + y').error?.message.startsWith('u has 1 entry and y has 2 entries'), true);
  });
  it('points at the innermost undefined operation', () => {
    const r = parseExpression('sum(W @ x) + 1', { tensors: true });
    assert.ok(!r.error);
    const shaped = inferShape(r.expr, (n) => SHAPES[n]);
    assert.ok(shaped.error);
    assert.strictEqual(shaped.error.expr.type, 'bin');
    assert.strictEqual((shaped.error.expr as { op: string }).op, '@');
  });
});
