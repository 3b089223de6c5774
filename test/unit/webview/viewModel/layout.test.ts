/** Unit tests of the panel's architecture layout (webview/viewModel/layout.ts): counts, positions, collapsing. */
import { strict as assert } from 'node:assert';
import { layoutNetwork, shownUnits } from '../../../../webview/viewModel/layout';

const lecture = {
  input: 2,
  layers: [
    { units: 3, activation: 'sigmoid' },
    { units: 1, activation: 'sigmoid' },
  ],
};

describe('webview layout', () => {
  it('draws the lecture 2-3-1 network with 2+3+1 nodes and 6+3 edges', () => {
    const L = layoutNetwork(lecture);
    assert.equal(L.nodes.length, 6);
    assert.deepEqual(
      L.columns.map((c) => c.shown.length),
      [2, 3, 1],
    );
    assert.equal(L.edges.filter((e) => e.layer === 1).length, 6);
    assert.equal(L.edges.filter((e) => e.layer === 2).length, 3);
    assert.deepEqual(
      L.columns.map((c) => c.role),
      ['input', 'hidden', 'output'],
    );
    assert.equal(L.heatmaps.length, 0);
    assert.equal(L.textMode, 'full');
    assert.ok(L.edgeLabels);
  });

  it('connects W¹[1,2] from x₁ to the second hidden unit, left to right', () => {
    const L = layoutNetwork(lecture);
    const e = L.edges.find((x) => x.layer === 1 && x.input === 0 && x.unit === 1)!;
    const from = L.nodes[e.from],
      to = L.nodes[e.to];
    assert.equal(from.column, 0);
    assert.equal(from.unit, 0);
    assert.equal(to.column, 1);
    assert.equal(to.unit, 1);
    assert.ok(e.x1 > from.x && e.x2 < to.x, 'edge is trimmed to the node rims');
  });

  it('keeps every node inside the drawing and nodes of a column apart', () => {
    for (const shape of [
      lecture,
      {
        input: 784,
        layers: [
          { units: 128, activation: 'relu' },
          { units: 10, activation: 'softmax' },
        ],
      },
      {
        input: 2,
        layers: [
          { units: 8, activation: 'tanh' },
          { units: 8, activation: 'tanh' },
          { units: 3, activation: 'softmax' },
        ],
      },
    ]) {
      const L = layoutNetwork(shape);
      for (const n of L.nodes) {
        assert.ok(n.x - n.r >= 0 && n.x + n.r <= L.width, `x of ${n.key}`);
        assert.ok(n.y - n.r >= 0 && n.y + n.r <= L.height, `y of ${n.key}`);
      }
      for (const c of L.columns) {
        const ys = L.nodes
          .filter((n) => n.column === c.index)
          .map((n) => n.y)
          .sort((a, b) => a - b);
        for (let i = 1; i < ys.length; i++) assert.ok(ys[i] - ys[i - 1] >= 2 * L.nodes[0].r, 'nodes do not overlap');
      }
      const xs = L.columns.map((c) => c.x);
      for (let i = 1; i < xs.length; i++) assert.ok(xs[i] > xs[i - 1], 'columns run left to right');
    }
  });

  it('collapses a 784-128-10 network to a bounded drawing with heatmaps for both matrices', () => {
    const L = layoutNetwork({
      input: 784,
      layers: [
        { units: 128, activation: 'relu' },
        { units: 10, activation: 'softmax' },
      ],
    });
    assert.ok(L.nodes.length <= 30, `${L.nodes.length} nodes`);
    assert.ok(L.edges.length <= 200, `${L.edges.length} edges`);
    const more = L.nodes.filter((n) => n.role === 'more');
    assert.deepEqual(
      more.map((n) => n.hidden),
      [784 - 8, 128 - 8],
    );
    assert.deepEqual(
      L.columns.map((c) => c.collapsed),
      [true, true, false],
    );
    assert.deepEqual(
      L.heatmaps.map((h) => [h.layer, h.rows, h.cols]),
      [
        [1, 784, 128],
        [2, 128, 10],
      ],
    );
    // The last units are drawn too, and the "more" node sits between head and tail.
    const inputs = L.nodes.filter((n) => n.column === 0);
    assert.deepEqual(
      inputs.map((n) => n.unit),
      [0, 1, 2, 3, 4, -1, 781, 782, 783],
    );
    for (const h of L.heatmaps)
      assert.ok(h.y >= Math.max(...L.nodes.map((n) => n.y + n.r)), 'heatmaps below the graph');
    assert.equal(L.edgeLabels, false);
  });

  it('collapses only beyond maxUnits', () => {
    assert.equal(shownUnits(16, { maxUnits: 16, head: 5, tail: 3 }).collapsed, false);
    assert.deepEqual(shownUnits(17, { maxUnits: 16, head: 5, tail: 3 }), {
      shown: [0, 1, 2, 3, 4, 14, 15, 16],
      collapsed: true,
    });
  });

  it('staggers edge labels of the lecture network so no two overlap', () => {
    const L = layoutNetwork(lecture);
    const labels = L.edges.map((e) => e.label!);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const dx = Math.abs(labels[i].x - labels[j].x),
          dy = Math.abs(labels[i].y - labels[j].y);
        assert.ok(
          dx >= 50 || dy >= 15,
          `labels ${L.edges[i].key} and ${L.edges[j].key} collide (dx ${dx.toFixed(0)}, dy ${dy.toFixed(0)})`,
        );
      }
    }
  });
});
