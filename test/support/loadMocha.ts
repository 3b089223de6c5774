/**
 * Loads mocha's programmatic API for the test runners: mocha 12 is an ES module that
 * Node 20 can require(); where that fails, its CommonJS build is used instead.
 */
export type MochaCtor = typeof import('mocha');

export function loadMocha(): MochaCtor {
  let m: { default?: MochaCtor } & MochaCtor;
  // mocha is loaded at run time from whichever build the host provides (no static import: see above)
  /* eslint-disable @typescript-eslint/no-require-imports */
  try {
    m = require('mocha');
  } catch {
    m = require('mocha/lib/mocha.cjs');
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
  return m.default ?? m;
}
