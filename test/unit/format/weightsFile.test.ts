/**
 * The weights file: a network's parameters written and read back bit for bit (dense, maxout, no
 * bias); every way a file can be unfit refused with a message naming the place; hostile text bounded
 * and kept away from object prototypes; and a spec's `weights_file:` loading it, with diagnostics at
 * the exact place.
 */
import * as assert from 'assert';
import { analyze } from '../../../src/format/analyze';
import { Network } from '../../../src/engine/network';
import {
  fitWeights,
  formatWeightsFile,
  loadWeightsInto,
  maxWeightsFileChars,
  paramsOf,
  parseWeightsFile,
  WEIGHTS_FORMAT,
  type WeightsFile,
} from '../../../src/format/weightsFile';
import { errors, findDiagnostic, positionOf, warnings } from '../fixtures/spec';

const SPEC = `name: Mixed
seed: 3
input: 3
layers:
  - maxout: 4
    pieces: 3
    activation: tanh
  - dense: 2
    activation: relu
    bias: false
  - dense: 1
    activation: sigmoid
loss: binary_cross_entropy
data:
  samples:
    - { x: [1, 2, 3], y: 1 }
    - { x: [-1, 0.5, 2], y: 0 }
`;

function network(text = SPEC): Network {
  const r = analyze(text);
  assert.deepStrictEqual(errors(r), []);
  return Network.fromSpec(r.spec!);
}

function saved(net: Network, info = { epoch: 12, loss: 0.25 }): string {
  return formatWeightsFile(net.spec, paramsOf(net.layers), info);
}

function parsedOk(text: string): WeightsFile {
  const p = parseWeightsFile(text);
  assert.ok(p.ok, p.ok ? '' : p.message);
  return p.value;
}

/** A file's JSON edited by `change`, as text. */
function edited(text: string, change: (doc: any) => void): string {
  const doc = JSON.parse(text);
  change(doc);
  return JSON.stringify(doc);
}

function refused(text: string, part: RegExp): void {
  const p = parseWeightsFile(text);
  assert.ok(!p.ok, 'expected the file to be refused');
  assert.match(p.message, part);
}

describe('weights file: writing and reading', () => {
  it('round-trips every parameter bit for bit (maxout pieces × inputs × units, a layer without bias)', () => {
    const net = network();
    const file = parsedOk(saved(net));
    assert.strictEqual(file.version, 1);
    assert.strictEqual(file.name, 'Mixed');
    assert.strictEqual(file.epoch, 12);
    assert.strictEqual(file.loss, 0.25);
    assert.deepStrictEqual(file.network, {
      input: 3,
      layers: [
        { type: 'maxout', inputs: 3, units: 4, pieces: 3, bias: true },
        { type: 'dense', inputs: 4, units: 2, pieces: 1, bias: false },
        { type: 'dense', inputs: 2, units: 1, pieces: 1, bias: true },
      ],
    });
    net.layers.forEach((l, i) => {
      assert.deepStrictEqual(Array.from(file.layers[i].W), Array.from(l.W), `layer ${i + 1} W`);
      if (l.hasBias) assert.deepStrictEqual(Array.from(file.layers[i].b!), Array.from(l.b), `layer ${i + 1} b`);
      else assert.strictEqual(file.layers[i].b, undefined);
    });
  });

  it('writes the documented layout: nested lists with their shapes, W inputs × units, maxout W pieces × inputs × units', () => {
    const net = network();
    const doc = JSON.parse(saved(net));
    assert.strictEqual(doc.format, WEIGHTS_FORMAT);
    assert.deepStrictEqual(doc.layers[0].W.shape, [3, 3, 4]);
    assert.deepStrictEqual(doc.layers[0].b.shape, [3, 4]);
    assert.deepStrictEqual(doc.layers[1].W.shape, [4, 2]);
    assert.strictEqual(doc.layers[1].b, undefined);
    // W[k][i][j] is the engine's flat W[(k·inputs + i)·units + j]
    const W = net.layers[0].W;
    assert.strictEqual(doc.layers[0].W.values[2][1][3], W[(2 * 3 + 1) * 4 + 3]);
    assert.strictEqual(doc.layers[1].W.values[3][1], net.layers[1].W[3 * 2 + 1]);
    assert.deepStrictEqual(doc.network.layers[0], { type: 'maxout', inputs: 3, units: 4, pieces: 3, bias: true });
  });

  it('refuses to write NaN or Infinity weights', () => {
    const net = network();
    net.layers[1].W[0] = NaN;
    assert.throws(() => saved(net), /layer 2 has weights that are NaN or Infinity/);
  });
});

describe('weights file: what is refused, and why', () => {
  const good = saved(network());

  it('text that is not JSON, or JSON that is not a weights file', () => {
    refused('{"format": ', /not valid JSON/);
    refused('[1, 2]', /not an nnspec weights file/);
    refused('{"format": "something-else", "version": 1}', /not an nnspec weights file/);
  });

  it('a newer format version, with what to do', () => {
    refused(
      edited(good, (d) => (d.version = 2)),
      /version 2, newer than this nnspec reads \(1\); update nnspec/,
    );
  });

  it('a shape that differs from the fingerprint, naming the layer and both shapes', () => {
    refused(
      edited(good, (d) => (d.layers[1].W.shape = [2, 4])),
      /layer 2 W has shape \[2,4\] but its "network" entry makes it 4×2/,
    );
  });

  it('values that do not have the declared shape, at the exact index', () => {
    refused(
      edited(good, (d) => d.layers[0].W.values[1][2].pop()),
      /layer 1 W values\[1\]\[2\] must be a list of 4 \(the shape is 3×3×4\), not a list of 3/,
    );
  });

  it('a value that is not a finite number', () => {
    refused(
      edited(good, (d) => (d.layers[2].b.values[0] = 'NaN')),
      /layer 3 b values\[0\] is "NaN", not a finite number/,
    );
  });

  it('a fingerprint whose layers do not chain', () => {
    refused(
      edited(good, (d) => (d.network.layers[1].inputs = 5)),
      /"network" layer 2 takes 5 inputs but the layer before it gives 4/,
    );
  });

  it('b values for a layer the fingerprint says has no bias', () => {
    refused(
      edited(good, (d) => (d.layers[1].b = { shape: [2], values: [0, 0] })),
      /layer 2 has b values but its "network" entry says it has no bias/,
    );
  });

  it('text longer than the network can need, before parsing it', () => {
    const net = network();
    const limit = maxWeightsFileChars(net.paramCount());
    const padded = good.replace('{', '{' + ' '.repeat(limit));
    const p = loadWeightsInto(net.spec, padded);
    assert.ok(!p.ok);
    assert.match(p.message, /more than a weights file can need/);
  });

  it('keys such as __proto__ never reach an object prototype', () => {
    const hostile = edited(good, (d) => {
      d.layers[0] = JSON.parse(
        `{"__proto__": {"polluted": 1}, "W": ${JSON.stringify(d.layers[0].W)}, "b": ${JSON.stringify(d.layers[0].b)}}`,
      );
    }).replace('"format"', '"__proto__": {"polluted": 2}, "constructor": {"prototype": {"polluted": 3}}, "format"');
    const file = parsedOk(hostile);
    assert.strictEqual(({} as any).polluted, undefined);
    assert.strictEqual((file as any).polluted, undefined);
    assert.strictEqual((file.layers[0] as any).polluted, undefined);
    assert.deepStrictEqual(Object.keys(file.layers[0]).sort(), ['W', 'b']);
  });
});

describe('weights file: fitting a network', () => {
  const file = parsedOk(saved(network()));

  it('fits the network it was written for', () => {
    const net = network();
    const fit = fitWeights(file, 3, net.spec.layers);
    assert.ok(fit.ok);
  });

  it('names the first layer that differs, as the file has it and as the network needs it', () => {
    const other = network(SPEC.replace('  - dense: 2\n', '  - dense: 5\n'));
    const fit = fitWeights(file, 3, other.spec.layers);
    assert.ok(!fit.ok);
    assert.strictEqual(
      fit.message,
      'layer 2 is dense 4 → 2 (W 4×2, no bias) in the weights file but dense 4 → 5 (W 4×5, no bias) in this network',
    );
  });

  it('says when the input width or the number of layers differ', () => {
    const wider = network(SPEC.replace('input: 3', 'input: 4').replace(/x: \[([^\]]*)\]/g, 'x: [$1, 0]'));
    const fit = fitWeights(file, 4, wider.spec.layers);
    assert.ok(!fit.ok);
    assert.match(fit.message, /for a network of 3 inputs, but this one has 4/);
    const shorter = fitWeights(file, 3, network().spec.layers.slice(0, 2));
    assert.ok(!shorter.ok);
    assert.match(shorter.message, /the weights file has 3 layers but this network has 2/);
  });
});

describe('spec weights_file:', () => {
  const net = network();
  const text = saved(net, { epoch: 40, loss: 0.5 });
  const files: Record<string, string> = { 'trained.weights.json': text, 'broken.json': '{ nope' };
  const readFile = (p: string): string => {
    if (!Object.prototype.hasOwnProperty.call(files, p))
      throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
    return files[p];
  };
  const withFile = (path: string, spec = SPEC): string => spec.replace('seed: 3\n', `seed: 3\nweights_file: ${path}\n`);

  it('starts the network from the file: the configuration carries its weights, the analysis its epoch and loss', () => {
    // A different seed would draw different initial weights; the file's replace them.
    const r = analyze(withFile('trained.weights.json').replace('seed: 3', 'seed: 9'), { readFile });
    assert.deepStrictEqual(errors(r), []);
    assert.deepStrictEqual(r.weightsFile, { path: 'trained.weights.json', epoch: 40, loss: 0.5 });
    const loaded = Network.fromSpec(r.spec!);
    loaded.layers.forEach((l, i) => {
      assert.deepStrictEqual(Array.from(l.W), Array.from(net.layers[i].W));
      assert.deepStrictEqual(Array.from(l.b), Array.from(net.layers[i].b));
    });
  });

  it('a file that does not fit is an error at the weights_file value, naming the layer and shapes', () => {
    const spec = withFile('trained.weights.json', SPEC.replace('  - dense: 2\n', '  - dense: 5\n'));
    const r = analyze(spec, { readFile });
    const d = findDiagnostic(r, 'does not fit this network');
    assert.strictEqual(d.severity, 'error');
    assert.deepStrictEqual(d.range.start, positionOf(spec, 'trained.weights.json'));
    assert.deepStrictEqual(d.range.end, {
      line: d.range.start.line,
      character: d.range.start.character + 'trained.weights.json'.length,
    });
    assert.match(d.message, /layer 2 is dense 4 → 2 \(W 4×2, no bias\) in the weights file but dense 4 → 5/);
    assert.strictEqual(r.spec, undefined);
  });

  it('a missing or broken file is an error at the value', () => {
    for (const [path, part] of [
      ['missing.json', "cannot read 'missing.json' (relative to the spec): no such file"],
      ['broken.json', "'broken.json' cannot be used: it is not valid JSON"],
    ]) {
      const spec = withFile(path);
      const d = findDiagnostic(analyze(spec, { readFile }), part);
      assert.deepStrictEqual(d.range.start, positionOf(spec, path));
    }
  });

  it('where no file can be read (an unsaved spec) it says so instead of silently using the initial weights', () => {
    const r = analyze(withFile('trained.weights.json'));
    assert.match(findDiagnostic(r, 'cannot read').message, /save the spec to a folder first/);
    assert.strictEqual(r.spec, undefined);
  });

  it("warns that a layer's inline weights are not used", () => {
    const spec = withFile('trained.weights.json').replace(
      '    bias: false\n',
      '    bias: false\n    weights: [[1, 2], [3, 4], [5, 6], [7, 8]]\n',
    );
    const r = analyze(spec, { readFile });
    assert.deepStrictEqual(errors(r), []);
    const [w] = warnings(r);
    assert.match(w.message, /layer 2: these weights are not used: the network starts from weights_file/);
    assert.deepStrictEqual(w.range.start, positionOf(spec, '[[1, 2]'));
  });
});
