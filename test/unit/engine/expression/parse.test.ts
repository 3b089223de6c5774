/**
 * The expression parser: precedence and associativity (checked by evaluating against hand-computed
 * values), function calls, the tree it builds, the span of every node, and free names for callers
 * that resolve names themselves.
 */
import * as assert from 'assert';
import { parseExpression } from '../../../../src/engine/expression/parse';
import { evaluateExpr } from '../../../../src/engine/expression/compile';
import { formatExpr } from '../../../../src/engine/expression/print';

function value(text: string, x = 0): number {
  const r = parseExpression(text, { variables: ['x'] });
  assert.ok(!r.error, `${text}: ${r.error?.message}`);
  return evaluateExpr(r.expr, x);
}

function tree(text: string) {
  const r = parseExpression(text, { variables: ['x'] });
  assert.ok(!r.error, `${text}: ${r.error?.message}`);
  return r;
}

describe('engine expression: parsing and precedence', () => {
  it('numbers, including exponents and leading dots', () => {
    assert.strictEqual(value('1e-3'), 0.001);
    assert.strictEqual(value('.5'), 0.5);
    assert.strictEqual(value('2.5E2'), 250);
  });
  it('* binds tighter than +, left-associative - and /', () => {
    assert.strictEqual(value('1 + 2 * 3'), 7);
    assert.strictEqual(value('10 - 4 - 3'), 3);
    assert.strictEqual(value('8 / 4 / 2'), 1);
    assert.strictEqual(value('(1 + 2) * 3'), 9);
  });
  it('^ is right-associative and binds tighter than unary minus', () => {
    assert.strictEqual(value('2 ^ 3 ^ 2'), 512);
    assert.strictEqual(value('-x ^ 2', 3), -9);
    assert.strictEqual(value('(-x) ^ 2', 3), 9);
    assert.strictEqual(value('2 ^ -1'), 0.5);
    assert.strictEqual(value('--x', 4), 4);
  });
  it('functions of one and two arguments', () => {
    assert.strictEqual(value('sigmoid(0)'), 0.5);
    assert.strictEqual(value('max(0, x)', -2), 0);
    assert.strictEqual(value('min(x, 1)', 3), 1);
    assert.ok(Math.abs(value('x * sigmoid(x)', 1) - 1 / (1 + Math.exp(-1))) < 1e-15);
    assert.ok(Math.abs(value('log(1 + exp(x))', 2) - Math.log1p(Math.exp(2))) < 1e-15);
    assert.strictEqual(value('sqrt(abs(x))', -16), 4);
    assert.ok(
      Math.abs(value('tanh(x) + sin(x) * cos(x)', 0.3) - (Math.tanh(0.3) + Math.sin(0.3) * Math.cos(0.3))) < 1e-15,
    );
  });
  it('builds the tree it should', () => {
    assert.deepStrictEqual(tree('1 - x * 2').expr, {
      type: 'bin',
      op: '-',
      left: { type: 'num', value: 1 },
      right: { type: 'bin', op: '*', left: { type: 'var', name: 'x' }, right: { type: 'num', value: 2 } },
    });
    assert.strictEqual(
      formatExpr(tree('sigmoid(x) * (1 + x * (1 - sigmoid(x)))').expr),
      'sigmoid(x) * (1 + x * (1 - sigmoid(x)))',
    );
    assert.strictEqual(formatExpr(tree('(-x)^2 - (1 - x)').expr), '(-x)^2 - (1 - x)');
  });
  it('records the character span of every node (parentheses included)', () => {
    const text = '(x + 1) * exp(-x)';
    const r = tree(text);
    const spanned: string[] = [];
    const visit = (e: typeof r.expr): void => {
      const s = r.spans.get(e)!;
      spanned.push(text.slice(s.start, s.end));
      if (e.type === 'bin') [e.left, e.right].forEach(visit);
      if (e.type === 'neg') visit(e.arg);
      if (e.type === 'call') e.args.forEach(visit);
    };
    visit(r.expr);
    assert.deepStrictEqual(spanned, ['(x + 1) * exp(-x)', '(x + 1)', 'x', '1', 'exp(-x)', '-x', 'x']);
  });
  it('without a list of variables any name is a variable (the caller resolves it)', () => {
    const r = parseExpression('w0 * x0 + w_1');
    assert.ok(!r.error);
    assert.strictEqual(formatExpr(r.expr), 'w0 * x0 + w_1');
    const e = parseExpression('exp + 1');
    assert.ok(e.error);
    assert.match(e.error.message, /exp is a function: write exp\(v\)/);
  });
  it('an unknown name carries the word and its candidates (for a did-you-mean)', () => {
    const r = parseExpression('x * sigmod(x)', { variables: ['x'] });
    assert.ok(r.error);
    assert.strictEqual(r.error.message, "unknown function 'sigmod'");
    assert.strictEqual(r.error.unknown?.word, 'sigmod');
    assert.ok(r.error.unknown?.candidates.includes('sigmoid'));
  });
});
