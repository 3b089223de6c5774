/**
 * The activation expression language: precedence and associativity (checked by evaluating against
 * hand-computed values), function calls, and errors with their exact offsets and suggestions.
 */
import * as assert from 'assert';
import { evaluateExpr, formatExpr, parseExpression } from '../../../src/format/expression';

function value(text: string, x = 0): number {
  const r = parseExpression(text);
  assert.ok(r.expr, `${text}: ${r.error?.message}`);
  return evaluateExpr(r.expr!, x);
}

describe('spec expression: parsing and precedence', () => {
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
    assert.deepStrictEqual(parseExpression('1 - x * 2').expr, {
      type: 'bin',
      op: '-',
      left: { type: 'num', value: 1 },
      right: { type: 'bin', op: '*', left: { type: 'x' }, right: { type: 'num', value: 2 } },
    });
    assert.strictEqual(
      formatExpr(parseExpression('sigmoid(x) * (1 + x * (1 - sigmoid(x)))').expr!),
      'sigmoid(x) * (1 + x * (1 - sigmoid(x)))',
    );
    assert.strictEqual(formatExpr(parseExpression('(-x)^2 - (1 - x)').expr!), '(-x)^2 - (1 - x)');
  });
});

describe('spec expression: errors with positions', () => {
  const err = (text: string) => {
    const r = parseExpression(text);
    assert.ok(r.error, `expected an error for ${text}`);
    assert.strictEqual(r.expr, undefined);
    return r.error!;
  };
  it('misspelt function names get a suggestion at the name', () => {
    const e = err('x * sigmod(x)');
    assert.strictEqual(e.message, "unknown function 'sigmod'; did you mean 'sigmoid'?");
    assert.deepStrictEqual([e.offset, e.length, e.replacement], [4, 6, 'sigmoid']);
  });
  it('unknown variables', () => {
    const e = err('2 * y');
    assert.match(e.message, /unknown name 'y' \(the only variable is x\)/);
    assert.strictEqual(e.offset, 4);
  });
  it('wrong number of arguments', () => {
    assert.match(err('max(x)').message, /max takes 2 arguments but was given 1/);
    assert.match(err('exp(x, 1)').message, /exp takes 1 argument but was given 2/);
  });
  it('unbalanced parentheses and dangling operators', () => {
    const open = err('(1 + x');
    assert.match(open.message, /missing '\)' to close the '\(' at column 1/);
    assert.strictEqual(open.offset, 6);
    const close = err('1 + x)');
    assert.deepStrictEqual([close.message, close.offset], ["unmatched ')'", 5]);
    assert.strictEqual(err('1 +').offset, 3);
    assert.strictEqual(err('x x').offset, 2);
  });
  it('bad characters and ** for powers', () => {
    assert.deepStrictEqual([err('x ** 2').message, err('x ** 2').offset], ["use '^' for powers", 2]);
    assert.deepStrictEqual([err('x; 1').offset, err('x; 1').length], [1, 1]);
    assert.strictEqual(err('1.2.3').offset, 0);
    assert.match(err('').message, /empty/);
  });
  it('refuses absurd nesting instead of overflowing the stack', () => {
    const e = err('('.repeat(100000) + 'x' + ')'.repeat(100000));
    assert.match(e.message, /longer than|nested more than/);
    assert.match(err('('.repeat(500) + 'x' + ')'.repeat(500)).message, /nested more than 100 levels/);
    assert.match(err('-'.repeat(500) + 'x').message, /nested more than 100 levels/);
  });
  it('a function name without a call', () => {
    assert.match(err('exp + 1').message, /exp is a function: write exp\(x\)/);
  });
});
