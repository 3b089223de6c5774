/** Finding the spec symbol under the cursor: a name token wins over its enclosing layer, innermost first. */
import { strict as assert } from 'node:assert';
import { symbolAt, contains } from '../../../src/extension/symbolAt';
import type { SpecSymbol } from '../../../src/format/types';

const r = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

const layer: SpecSymbol = {
  kind: 'layer',
  name: 'layer 1',
  range: r(3, 2, 6, 0),
  selectionRange: r(3, 4, 3, 9),
  layerIndex: 1,
};
const act: SpecSymbol = {
  kind: 'activation',
  name: 'sigmoid',
  range: r(4, 4, 4, 23),
  selectionRange: r(4, 16, 4, 23),
  layerIndex: 1,
};
const layers: SpecSymbol = { kind: 'data', name: 'data', range: r(0, 0, 10, 0), selectionRange: r(0, 0, 0, 4) };

describe('symbolAt', () => {
  it('includes both ends of a range', () => {
    assert.ok(contains(r(1, 2, 1, 5), { line: 1, character: 2 }));
    assert.ok(contains(r(1, 2, 1, 5), { line: 1, character: 5 }));
    assert.ok(!contains(r(1, 2, 1, 5), { line: 1, character: 6 }));
    assert.ok(!contains(r(1, 2, 1, 5), { line: 0, character: 3 }));
  });

  it('prefers the name token under the cursor', () => {
    assert.equal(symbolAt([layers, layer, act], { line: 4, character: 18 }), act);
    assert.equal(symbolAt([layers, layer, act], { line: 3, character: 6 }), layer);
  });

  it('falls back to the innermost enclosing symbol', () => {
    assert.equal(symbolAt([layers, layer, act], { line: 5, character: 8 }), layer);
    assert.equal(symbolAt([layers, layer, act], { line: 8, character: 1 }), layers);
    assert.equal(symbolAt([layer], { line: 20, character: 0 }), undefined);
  });
});
