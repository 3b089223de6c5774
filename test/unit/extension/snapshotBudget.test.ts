/** The worker's picture budget: full-resolution grids for the examples, coarser or none for big networks. */
import { strict as assert } from 'node:assert';
import { gridResolution, sendsSnapshot, GRID_BUDGET } from '../../../src/extension/snapshotBudget';

describe('snapshot budget', () => {
  it('gives the spiral network (2-100-3, 603 parameters) the full 48×48 grid and a snapshot', () => {
    assert.equal(gridResolution(603), 48);
    assert.equal(sendsSnapshot(603), true);
  });

  it('keeps cells × parameters within the budget for bigger networks', () => {
    for (const params of [10_000, 50_000, 200_000]) {
      const r = gridResolution(params);
      assert.ok(r >= 8 && r < 48, `${params}: ${r}`);
      assert.ok(r * r * params <= GRID_BUDGET);
    }
  });

  it('sends no grid and no snapshot for a 9-million-parameter network', () => {
    assert.equal(gridResolution(9_000_000), 0);
    assert.equal(sendsSnapshot(9_000_000), false);
    assert.equal(sendsSnapshot(101_770), true, '784-128-10 still gets its weights drawn');
  });
});
