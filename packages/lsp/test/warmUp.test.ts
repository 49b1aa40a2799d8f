// The server's warm-up (src/warmUp.ts) lints its sample through the incremental paths a keystroke
// takes, one version per step, and stops when the server shuts down. Counted, not timed.
import assert from 'node:assert/strict';
import { startWarmUp, WARM_UP_VERSIONS } from '../src/warmUp';

describe('warm-up of the incremental linter', () => {
  it('lints every version, one per step, incrementally after the first', async () => {
    let steps = 0;
    const warmUp = startWarmUp((step) => {
      steps++;
      setImmediate(step);
    });
    const stats = await warmUp.done;
    assert.equal(stats.versions, WARM_UP_VERSIONS);
    // One step per version, and the last one that sees the end.
    assert.equal(steps, WARM_UP_VERSIONS + 1);
    // Only the first version is linted whole: the others take a keystroke's paths.
    assert.equal(stats.fullLints, 1);
    assert.deepStrictEqual(stats.fallbacks, {});
    assert.ok(stats.linksReused > stats.linksChecked * 10, JSON.stringify(stats));
  });

  it('stops at the next step once stopped', async () => {
    const pending: (() => void)[] = [];
    const warmUp = startWarmUp((step) => pending.push(step));
    pending.shift()!();
    pending.shift()!();
    warmUp.stop();
    pending.shift()!();
    const stats = await warmUp.done;
    assert.equal(stats.versions, 2);
    assert.equal(pending.length, 0);
  });
});
