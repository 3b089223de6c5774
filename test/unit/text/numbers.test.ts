/**
 * The one number format (src/text/numbers.ts): significant digits per kind of quantity, trailing zeros
 * dropped, a true minus sign, exponents for extremes, and the compact forms drawn on the panel.
 */
import { strict as assert } from 'node:assert';
import {
  formatAxis,
  formatCompact,
  formatCount,
  formatError,
  formatInside,
  formatLoss,
  formatNumber,
  formatPercent,
  VALUE_DIGITS,
} from '../../../src/text/numbers';

const M = '\u2212';

describe('text numbers', () => {
  it('values get five significant digits: the lecture’s h = (0.99998, 0.73106, 0.99999) and ∂J/∂V', () => {
    assert.equal(VALUE_DIGITS, 5);
    assert.deepEqual(
      [0.999983298578152, 0.7310585786300049, 0.9999938558253978].map((v) => formatNumber(v)),
      ['0.99998', '0.73106', '0.99999'],
    );
    assert.deepEqual(
      [-0.40961515701529694, -0.29945768, -0.40961948].map((v) => formatNumber(v)),
      [`${M}0.40962`, `${M}0.29946`, `${M}0.40962`],
    );
  });

  it('is the one format of the CLI and the hover: 0.52699, −0.40962, 3.1e−10', () => {
    assert.equal(formatNumber(0.52699227), '0.52699');
    assert.equal(formatNumber(-0.409622), `${M}0.40962`);
    assert.equal(formatNumber(3.1e-10), `3.1e${M}10`);
    assert.equal(formatNumber(Number.NaN), 'NaN');
  });

  it('drops trailing zeros, writes a true minus sign and exponents below 1e−3 and from 1e6 up', () => {
    assert.equal(formatNumber(-1), `${M}1`);
    assert.equal(formatNumber(5), '5');
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(-0), '0');
    assert.equal(formatNumber(0.001), '0.001');
    assert.equal(formatNumber(-3.420577766314053e-6), `${M}3.4206e${M}6`);
    assert.equal(formatNumber(7.55032084e-7, 3), `7.55e${M}7`);
    assert.equal(formatNumber(1e-5), `1e${M}5`);
    assert.equal(formatNumber(123456), '123460');
    assert.equal(formatNumber(1234567), '1.2346e6');
    assert.equal(formatNumber(999999.9), '1000000');
  });

  it('spells out NaN and ∞ (and a NaN that JSON turned into null)', () => {
    assert.equal(formatNumber(NaN), 'NaN');
    assert.equal(formatNumber(Infinity), '∞');
    assert.equal(formatNumber(-Infinity), `${M}∞`);
    assert.equal(formatNumber(null as unknown as number), 'NaN');
  });

  it('losses get six digits, errors three, drawings three, percentages one decimal', () => {
    assert.equal(formatLoss(0.52699227), '0.526992');
    assert.equal(formatError(1.8800747301574967e-6), `1.88e${M}6`);
    assert.equal(formatError(0), '0');
    assert.equal(formatCompact(-0.20134143245267552), `${M}0.201`);
    assert.equal(formatAxis(-1.0534), `${M}1.1`);
    assert.equal(formatPercent(0.953), '95.3%');
    assert.equal(formatPercent(1), '100.0%');
  });

  it('values inside small nodes stay within four characters', () => {
    assert.deepEqual([0.77, -0.5, 1, 2.8e-4, 12.4, 31400, -0.004, 0.999].map(formatInside), [
      '0.77',
      `${M}0.5`,
      '1',
      '0',
      '12',
      '3e4',
      '0',
      '1',
    ]);
    for (const v of [0.123456, -9.87, 555.5, -0.0678, 1e9]) assert.ok(formatInside(v).length <= 5, formatInside(v));
  });

  it('counts with thousands separators', () => {
    assert.equal(formatCount(20_000_000), '20,000,000');
    assert.equal(formatCount(13), '13');
    assert.equal(formatCount(1e20), '1e20');
  });
});
