/**
 * User-defined activations in specs: parsed into the spec with their texts, expression errors at the
 * exact column inside the YAML value, names that shadow builtins, misspelt references, and the
 * warning when df is visibly not the derivative of f.
 */
import * as assert from 'assert';
import { analyze } from '../../../src/format/analyze';
import { evaluateExpr } from '../../../src/engine/expression/compile';
import { errors, findDiagnostic, positionOf, warnings } from '../fixtures/spec';

const spec = (activations: string, act = 'swish') =>
  `input: 2\nactivations:\n${activations}layers:\n  - dense: 4\n    activation: ${act}\n  - dense: 1\n    activation: sigmoid\nloss: binary_cross_entropy\n`;
const SWISH = '  swish:\n    f: x * sigmoid(x)\n    df: sigmoid(x) * (1 + x * (1 - sigmoid(x)))\n';

describe('spec custom activations', () => {
  it('are parsed into the spec, with their texts, and referenced by layers', () => {
    const r = analyze(spec(SWISH));
    assert.deepStrictEqual(r.diagnostics, []);
    const a = r.spec!.layers[0].activation;
    assert.strictEqual(a.kind, 'custom');
    if (a.kind !== 'custom') return;
    assert.strictEqual(a.name, 'swish');
    assert.strictEqual(a.fText, 'x * sigmoid(x)');
    assert.strictEqual(a.dfText, 'sigmoid(x) * (1 + x * (1 - sigmoid(x)))');
    assert.ok(Math.abs(evaluateExpr(a.f, 2) - 2 / (1 + Math.exp(-2))) < 1e-15);
    assert.deepStrictEqual([...r.spec!.activations.keys()], ['swish']);
    assert.strictEqual(r.summary!.layers[0].activation, 'swish');
    const sym = r.symbols.find((s) => s.kind === 'custom-activation')!;
    assert.strictEqual(sym.name, 'swish');
  });

  it('an expression error points at the exact column inside a plain or quoted value', () => {
    const text = spec('  swish:\n    f: x * sigmod(x)\n    df: "sigmoid(x) * (1 + x * (1 - sigmoid(x))"\n');
    const r = analyze(text);
    const f = findDiagnostic(r, 'sigmod');
    assert.strictEqual(f.message, "activation 'swish': f: unknown function 'sigmod'; did you mean 'sigmoid'?");
    assert.deepStrictEqual(f.range.start, positionOf(text, 'sigmod'));
    assert.deepStrictEqual(f.range.end, { line: f.range.start.line, character: f.range.start.character + 6 });
    assert.deepStrictEqual(f.fix, { title: "Change to 'sigmoid'", newText: 'sigmoid' });
    const df = findDiagnostic(r, "missing ')'");
    const close = positionOf(text, '"\n', 0);
    assert.deepStrictEqual(df.range.start, close, 'at the end of the text inside the quotes');
  });

  it('a block scalar maps columns too', () => {
    const text = spec('  swish:\n    f: |\n      x * sigmoid(x) +\n    df: "1"\n');
    const d = findDiagnostic(analyze(text), 'ends where');
    assert.strictEqual(d.range.start.line, positionOf(text, 'x * sigmoid(x) +').line);
  });

  it('may not shadow a builtin; missing f/df; unknown reference with a suggestion', () => {
    const r = analyze(spec('  relu:\n    f: max(0, x)\n    df: 1\n  swish:\n    f: x\n', 'swsh'));
    assert.match(findDiagnostic(r, "'relu' is a builtin").message, /give your own activation another name/);
    assert.match(findDiagnostic(r, 'needs df').message, /activation 'swish' needs df/);
    const u = findDiagnostic(r, "unknown activation 'swsh'");
    assert.strictEqual(u.fix?.newText, 'swish');
  });

  it('warns when df is not the derivative of f, naming a point', () => {
    const r = analyze(spec('  swish:\n    f: x * sigmoid(x)\n    df: sigmoid(x)\n'));
    assert.strictEqual(errors(r).length, 0);
    const w = findDiagnostic(r, 'does not look like the derivative');
    assert.strictEqual(w.severity, 'warning');
    assert.match(w.message, /at x = −2\.3, df gives 0\.091123 but the slope of f is −0\.0\d+/);
    assert.ok(r.spec, 'still runnable: the gradient check is where it fails');
  });

  it('accepts a correct derivative with kinks elsewhere (softsign) and warns about unused ones', () => {
    const r = analyze(spec('  softsign:\n    f: x / (1 + abs(x))\n    df: 1 / (1 + abs(x))^2\n' + SWISH));
    assert.deepStrictEqual(errors(r), []);
    assert.deepStrictEqual(
      warnings(r).map((w) => w.message),
      ["activation 'softsign' is defined but no layer uses it"],
    );
  });

  it('a parameter on a custom activation is an error', () => {
    findDiagnostic(analyze(spec(SWISH, 'swish(2)')), 'takes no parameter; write just swish');
  });
});
