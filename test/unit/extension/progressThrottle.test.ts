/** The training worker's progress throttle: at most one release per interval, nothing lost, order kept. */
import { strict as assert } from 'node:assert';
import { ProgressThrottle } from '../../../src/extension/progressThrottle';

const m = (epoch: number) => ({ epoch, loss: 1 / epoch });

describe('ProgressThrottle', () => {
  it('releases the first epoch at once, then at most once per interval', () => {
    const t = new ProgressThrottle(250);
    assert.equal(t.due(0), false, 'nothing waiting');
    t.push(m(1));
    assert.equal(t.due(0), true);
    assert.deepEqual(
      t.take(0).map((x) => x.epoch),
      [1],
    );
    t.push(m(2));
    t.push(m(3));
    assert.equal(t.due(100), false);
    assert.equal(t.due(249), false);
    assert.equal(t.due(250), true);
    assert.deepEqual(
      t.take(250).map((x) => x.epoch),
      [2, 3],
    );
    assert.equal(t.waiting, 0);
  });

  it('never loses or reorders metrics over a long fast run', () => {
    const t = new ProgressThrottle(50);
    const seen: number[] = [];
    let releases = 0;
    for (let epoch = 1; epoch <= 1000; epoch++) {
      const now = epoch * 3; // an epoch every 3 ms
      t.push(m(epoch));
      if (t.due(now)) {
        seen.push(...t.take(now).map((x) => x.epoch));
        releases++;
      }
    }
    seen.push(...t.take(3001).map((x) => x.epoch));
    assert.deepEqual(
      seen,
      Array.from({ length: 1000 }, (_, i) => i + 1),
    );
    // 3000 ms at one release per 50 ms at most: about 60 releases, far fewer than 1000 epochs.
    assert.ok(releases <= 61 && releases >= 55, `releases ${releases}`);
  });
});
