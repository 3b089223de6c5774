/**
 * The ONNX export run in ONNX Runtime (onnxruntime-web, offline in Node): for every example and the
 * covering networks, trained a few epochs, the model's outputs on the training data match nnspec's
 * forward pass to 1e-9 in float64 (1e-5 in float32); one example goes through the CLI against
 * `forward --json`. FLOAT64_OPS is checked against the runtime: each of its operators has a double
 * kernel, and the float-only ones the export avoids in float64 really have none. Every model also
 * passes the onnx package's full checker and strict shape inference (Debian's python3-onnx), the
 * reference reading of the format that tools such as Netron follow.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { openSpec } from '../../../src/format/openSpec';
import { Network } from '../../../src/engine/network';
import { train } from '../../../src/engine/trainer';
import type { TrainTestData } from '../../../src/engine/types';
import { exportOnnx, FLOAT64_OPS } from '../../../src/export/onnx';
import { DOUBLE, encodeModel, FLOAT, type ElemType, type Node } from '../../../src/export/onnxProto';
import { paramsOf } from '../../../src/format/weightsFile';
import { coveringNetworks, type NamedSpec } from '../fixtures/networks';
import { pythonWith } from '../fixtures/python';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

function examples(): NamedSpec[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.nnspec'))
    .map((f) => ({ name: f, text: readFileSync(join(EXAMPLES, f), 'utf8') }));
}

function opened(s: NamedSpec): { net: Network; data: TrainTestData } {
  const readFile = (p: string): string => readFileSync(join(EXAMPLES, p), 'utf8');
  const { config, data, analysis } = openSpec(s.text, { readFile });
  assert.ok(config && data, `${s.name}: ${analysis.diagnostics.map((d) => d.message).join('; ')}`);
  return { net: Network.fromSpec(config), data };
}

async function run(model: Uint8Array, x: Float64Array, n: number, inputs: number, float32: boolean): Promise<number[]> {
  const session = await ort.InferenceSession.create(model);
  const input = float32
    ? new ort.Tensor('float32', Float32Array.from(x), [n, inputs])
    : new ort.Tensor('float64', x, [n, inputs]);
  const out = await session.run({ x: input });
  return Array.from(out.y.data as Float64Array | Float32Array, Number);
}

/** |a − e| ≤ tol·max(1, |e|): relative for outputs of size 1 and more, absolute below. */
function assertClose(actual: number[], expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: output size`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(d <= tol)) assert.fail(`${what}: output ${i} is ${actual[i]}, nnspec's ${expected[i]} (difference ${d})`);
    worst = Math.max(worst, d);
  }
  assert.ok(worst <= tol);
}

describe('ONNX export in ONNX Runtime', function () {
  this.timeout(120_000);
  const specs = [...examples(), ...coveringNetworks()];

  for (const s of specs) {
    it(`${s.name}: float64 outputs match nnspec's forward pass to 1e-9, float32 to 1e-5`, async () => {
      const { net, data } = opened(s);
      train(net, data, { epochs: 5 });
      const { x, n, inputs } = data.train;
      const expected = net.forward(x, n).slice(0, n * net.outputs);
      const params = paramsOf(net.layers);
      const f64 = exportOnnx(net.spec, params);
      assert.equal(f64.precision, 'float64');
      assert.ok(
        f64.ops.every((op) => FLOAT64_OPS.has(op)),
        f64.ops.join(),
      );
      assertClose(await run(f64.bytes, x, n, inputs, false), expected, 1e-9, `${s.name} float64`);
      const f32 = exportOnnx(net.spec, params, { float32: true });
      assert.equal(f32.precision, 'float32');
      assertClose(await run(f32.bytes, x, n, inputs, true), expected, 1e-5, `${s.name} float32`);
    });
  }

  it('nnspec export --to onnx of the trained spiral matches nnspec forward --weights --json to 1e-9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnspec-onnx-'));
    const cli = (...args: string[]) => {
      const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const spec = join(EXAMPLES, 'spiral.nnspec');
    const w = join(dir, 'spiral.weights.json');
    const model = join(dir, 'spiral.onnx');
    cli('train', spec, '--epochs', '40', '--save', w);
    assert.match(cli('export', spec, '--to', 'onnx', '--weights', w, '-o', model), /float64/);
    const report = JSON.parse(cli('forward', spec, '--weights', w, '--json'));
    const x = Float64Array.from(report.input.flat());
    const outputs = await run(readFileSync(model), x, report.input.length, 2, false);
    assertClose(outputs, report.layers.at(-1).a.flat(), 1e-9, 'spiral via the CLI');
  });
});

describe("ONNX export against the onnx package's checker", function () {
  this.timeout(300_000);

  /** Checks every model with onnx.checker (full check) and strict shape inference; prints one JSON line per model. */
  const CHECKER = `
import json, sys
import onnx
for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        inferred = onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
        out = inferred.graph.output[0].type.tensor_type
        dims = [d.dim_param or d.dim_value for d in out.shape.dim]
        print(json.dumps({"path": path, "ok": True, "opset": model.opset_import[0].version, "elem": out.elem_type, "dims": dims}))
    except Exception as e:
        print(json.dumps({"path": path, "ok": False, "error": str(e)}))
`;

  it('every exported model, float64 and float32, passes the full check and strict shape inference', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnspec-onnx-check-'));
    const expected = new Map<string, { elem: number; dims: (string | number)[] }>();
    for (const s of [...examples(), ...coveringNetworks()]) {
      const { net } = opened(s);
      for (const float32 of [false, true]) {
        const path = join(dir, `${s.name}${float32 ? '.f32' : ''}.onnx`);
        writeFileSync(path, exportOnnx(net.spec, paramsOf(net.layers), { float32 }).bytes);
        expected.set(path, { elem: float32 ? FLOAT : DOUBLE, dims: ['N', net.outputs] });
      }
    }
    const script = join(dir, 'check.py');
    writeFileSync(script, CHECKER);
    const r = spawnSync(pythonWith('onnx'), [script, ...expected.keys()], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    const results = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(results.length, expected.size);
    for (const res of results) {
      assert.ok(res.ok, `${res.path}: ${res.error}`);
      assert.equal(res.opset, 13);
      assert.deepEqual({ elem: res.elem, dims: res.dims }, expected.get(res.path), res.path);
    }
  });
});

describe('FLOAT64_OPS against ONNX Runtime', function () {
  this.timeout(60_000);
  const BOOL = 9;
  const INT64 = 7;

  /** A one-operator graph (with what it needs around it) on x: 2 × 3, and the output's type and shape. */
  function probe(op: string, type: ElemType): { nodes: Node[]; yType: number; yShape: number[] } {
    const n = (o: string, inputs: string[], output = 'y', attributes?: Node['attributes']): Node => ({
      op: o,
      inputs,
      outputs: [output],
      name: output,
      ...(attributes ? { attributes } : {}),
    });
    switch (op) {
      case 'MatMul':
        return { nodes: [n(op, ['x', 'W'])], yType: type, yShape: [2, 3] };
      case 'Cast':
        return { nodes: [n(op, ['x'], 'y', [{ name: 'to', int: type }])], yType: type, yShape: [2, 3] };
      case 'Softmax':
        return { nodes: [n(op, ['x'], 'y', [{ name: 'axis', int: 1 }])], yType: type, yShape: [2, 3] };
      case 'Equal':
      case 'Greater':
        return { nodes: [n(op, ['x', 's'])], yType: BOOL, yShape: [2, 3] };
      case 'Where':
        return { nodes: [n('Greater', ['x', 's'], 'c'), n(op, ['c', 'x', 's'])], yType: type, yShape: [2, 3] };
      case 'Shape':
        return { nodes: [n(op, ['x'])], yType: INT64, yShape: [2] };
      case 'Expand':
        return { nodes: [n('Shape', ['x'], 'shape'), n(op, ['s', 'shape'])], yType: type, yShape: [2, 3] };
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
      case 'Pow':
      case 'Max':
      case 'Min':
        return { nodes: [n(op, ['x', 's'])], yType: type, yShape: [2, 3] };
      default:
        return { nodes: [n(op, ['x'])], yType: type, yShape: [2, 3] };
    }
  }

  /** Whether the runtime builds a session for `op` in this element type. */
  async function hasKernel(op: string, type: ElemType): Promise<boolean> {
    const { nodes, yType, yShape } = probe(op, type);
    const model = encodeModel({
      irVersion: 7,
      opset: 13,
      producerName: 'test',
      producerVersion: '0',
      graph: {
        name: op,
        nodes,
        initializers: [
          { name: 's', dims: [], type, values: [2] },
          { name: 'W', dims: [3, 3], type, values: Array(9).fill(1) },
        ],
        inputs: [{ name: 'x', type, shape: [2, 3] }],
        outputs: [{ name: 'y', type: yType as ElemType, shape: yShape }],
      },
    });
    return ort.InferenceSession.create(model).then(
      () => true,
      () => false,
    );
  }

  it('every operator in FLOAT64_OPS has a double kernel', async () => {
    const missing: string[] = [];
    for (const op of FLOAT64_OPS) if (!(await hasKernel(op, DOUBLE))) missing.push(op);
    assert.deepEqual(missing, []);
  });

  it('Softplus, Elu and LeakyRelu have float kernels only, so a float64 export builds them from others', async () => {
    for (const op of ['Softplus', 'Elu', 'LeakyRelu']) {
      assert.equal(await hasKernel(op, FLOAT), true, `${op} in float32`);
      assert.equal(await hasKernel(op, DOUBLE), false, `${op} in float64`);
      assert.ok(!FLOAT64_OPS.has(op));
    }
  });
});
