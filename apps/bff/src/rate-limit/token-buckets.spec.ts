import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBuckets } from './token-buckets';

describe('token buckets', () => {
  it('lets a burst through, then refills at the rate', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    for (let i = 0; i < 3; i++) assert.equal(buckets.take('a').allowed, true);
    assert.deepEqual(buckets.take('a'), { allowed: false, retryAfterS: 1 });
    now = 500; // half a second: one token at 2/s
    assert.equal(buckets.take('a').allowed, true);
    assert.equal(buckets.take('a').allowed, false);
    now = 60_000; // a long pause refills to the burst, never beyond
    for (let i = 0; i < 3; i++) assert.equal(buckets.take('a').allowed, true);
    assert.equal(buckets.take('a').allowed, false);
  });

  it('keeps clients apart', () => {
    const buckets = new TokenBuckets(1, 1, () => 0);
    assert.equal(buckets.take('a').allowed, true);
    assert.equal(buckets.take('a').allowed, false);
    assert.equal(buckets.take('b').allowed, true);
  });

  it('says how long to wait at a low rate', () => {
    const buckets = new TokenBuckets(0.2, 1, () => 0);
    buckets.take('a');
    assert.deepEqual(buckets.take('a'), { allowed: false, retryAfterS: 5 });
  });

  it('bounds the number of clients it remembers', () => {
    const buckets = new TokenBuckets(1, 1, () => 0, 100);
    for (let i = 0; i < 1000; i++) buckets.take(`10.0.${i >> 8}.${i & 255}`);
    assert.equal(buckets.clients, 100);
  });

  it('refuses nonsense settings', () => {
    assert.throws(() => new TokenBuckets(0, 1), /positive/);
    assert.throws(() => new TokenBuckets(1, 0), /positive/);
  });
});
