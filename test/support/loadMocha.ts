/**
 * Loads mocha's programmatic API for the test runners: mocha 12 is an ES module that
 * Node 20 can require(); where that fails, its CommonJS build is used instead.
 */
export type MochaCtor = typeof import('mocha');

export function loadMocha(): MochaCtor {
  let m: { default?: MochaCtor } & MochaCtor;
  try {
    m = require('mocha');
  } catch {
    m = require('mocha/lib/mocha.cjs');
  }
  return m.default ?? m;
}
