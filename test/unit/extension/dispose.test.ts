/**
 * Unit tests of the one disposable idiom (src/extension/dispose.ts): everything registered is
 * released once, newest first; a store can be cleared and refilled; one failure does not stop the rest.
 */
import { strict as assert } from 'node:assert';
import { Disposable, DisposableStore } from '../../../src/extension/dispose';

/** A disposable that writes its name to `log` each time it is disposed. */
const logged = (log: string[], name: string) => ({ dispose: () => void log.push(name) });

class Holder extends Disposable {
  readonly group = this._register(new DisposableStore());
  constructor(log: string[]) {
    super();
    this._register(logged(log, 'first'));
    this._register(logged(log, 'second'));
  }
  add(d: { dispose(): unknown }) {
    return this._register(d);
  }
}

describe('disposable idiom', () => {
  it('releases what a class registered, newest first, once', () => {
    const log: string[] = [];
    const holder = new Holder(log);
    holder.group.add(logged(log, 'grouped'));
    holder.dispose();
    holder.dispose();
    // The group was registered first (a field, set before the constructor's body), so it goes last.
    assert.deepEqual(log, ['second', 'first', 'grouped']);
    const late = logged(log, 'late');
    assert.equal(holder.add(late), late, '_register returns what it was given');
    assert.deepEqual(log.slice(3), ['late'], 'registered after the end: released at once');
  });

  it('a store is cleared and filled again until it is disposed; one failure does not stop the rest', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(logged(log, 'a'));
    store.add({
      dispose: () => {
        throw new Error('broken');
      },
    });
    store.add(logged(log, 'b'));
    assert.throws(() => store.clear(), /broken/);
    assert.deepEqual(log, ['b', 'a']);
    store.add(logged(log, 'c'));
    store.dispose();
    store.add(logged(log, 'd'));
    assert.deepEqual(log, ['b', 'a', 'c', 'd']);
  });
});
