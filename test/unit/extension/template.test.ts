/** The new spec's template and the file name its untitled editor gets: from the spec's `name:`, never its comment. */
import { strict as assert } from 'node:assert';
import { NEW_SPEC_NAME, NEW_SPEC_TEMPLATE, fileStem, newSpecFileName } from '../../../src/extension/template';
import { analyze } from '../../../src/format/analyze';

describe('new spec template', () => {
  it('is a clean spec whose name gives the file name', () => {
    const r = analyze(NEW_SPEC_TEMPLATE);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    assert.equal(NEW_SPEC_NAME, 'My network');
    assert.equal(
      newSpecFileName(NEW_SPEC_NAME, () => false),
      'my-network.nnspec',
    );
  });

  it('takes the next free number when the name is taken', () => {
    const taken = new Set(['my-network.nnspec', 'my-network-2.nnspec']);
    assert.equal(
      newSpecFileName('My network', (f) => taken.has(f)),
      'my-network-3.nnspec',
    );
  });

  it('turns any name into a plain file stem', () => {
    assert.equal(fileStem('  XOR, by hand (v2)! '), 'xor-by-hand-v2');
    assert.equal(fileStem('∂J/∂W'), 'j-w');
    assert.equal(fileStem('#  '), 'network');
  });
});
