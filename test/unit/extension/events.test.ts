/**
 * Unit tests of the emitter (src/extension/events.ts): listeners are called in order until they
 * unsubscribe, one failing does not silence the others, a disposed emitter calls nobody.
 */
import { strict as assert } from 'node:assert';
import { Emitter } from '../../../src/extension/events';

describe('emitter', () => {
  it('calls listeners in order until they unsubscribe; a throwing one does not silence the others', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const a = emitter.event((n) => seen.push(`a${n}`));
    emitter.event(() => {
      throw new Error('listener failed');
    });
    const twice = (n: number) => seen.push(`t${n}`);
    const t1 = emitter.event(twice);
    emitter.event(twice);
    assert.throws(() => emitter.fire(1), /listener failed/);
    assert.deepEqual(seen, ['a1', 't1', 't1'], 'every listener heard it, the same function twice');
    a.dispose();
    t1.dispose();
    seen.length = 0;
    assert.throws(() => emitter.fire(2));
    assert.deepEqual(seen, ['t2'], 'each subscription ends on its own');
    emitter.dispose();
    emitter.fire(3);
    emitter.event(twice);
    emitter.fire(4);
    assert.deepEqual(seen, ['t2'], 'a disposed emitter calls nobody');
  });
});
