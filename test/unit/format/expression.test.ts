/**
 * Expressions as the format layer reads them: errors with their exact offsets and did-you-mean
 * suggestions (parsing and precedence are the engine's, see test/unit/engine/expression/).
 */
import * as assert from 'assert';
import { parseExpression } from '../../../src/format/expression';

describe('spec expression: errors with positions', () => {
  const err = (text: string) => {
    const r = parseExpression(text, { variables: ['x'] });
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
