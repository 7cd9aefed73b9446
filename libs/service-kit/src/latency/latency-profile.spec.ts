import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '@suite/fixtures';
import { latencyProfiles, parseLatencyProfile, sampleLatencyMs } from './latency-profile';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

describe('latency profiles', () => {
  it('draws a long tail whose median and p99 match the profile', () => {
    const random = seededRandom(42);
    const samples = Array.from({ length: 20000 }, () =>
      sampleLatencyMs({ kind: 'lognormal', medianMs: 20, p99Ms: 80 }, random),
    );
    assert.ok(Math.abs(percentile(samples, 0.5) - 20) <= 1, `median ${percentile(samples, 0.5)}`);
    assert.ok(Math.abs(percentile(samples, 0.99) - 80) <= 8, `p99 ${percentile(samples, 0.99)}`);
    assert.ok(Math.max(...samples) <= 240, 'capped at 3x p99');
  });

  it('parses overrides and refuses nonsense with the accepted forms', () => {
    assert.deepEqual(parseLatencyProfile('off'), { kind: 'off' });
    assert.deepEqual(parseLatencyProfile('25'), { kind: 'fixed', ms: 25 });
    assert.deepEqual(parseLatencyProfile('lognormal:20:80'), {
      kind: 'lognormal',
      medianMs: 20,
      p99Ms: 80,
    });
    assert.throws(
      () => parseLatencyProfile('lognormal:80:20'),
      /LATENCY=.*lognormal:<median ms>:<p99 ms>/,
    );
    assert.throws(() => parseLatencyProfile('slow'), /not a latency profile/);
  });

  it('lets one endpoint override the global setting', () => {
    const profiles = latencyProfiles(
      { 'orders.list': { kind: 'fixed', ms: 1 }, 'orders.create': { kind: 'fixed', ms: 2 } },
      { LATENCY: 'off', LATENCY_ORDERS_CREATE: 'fixed:40' },
    );
    assert.deepEqual(profiles, {
      'orders.list': { kind: 'off' },
      'orders.create': { kind: 'fixed', ms: 40 },
    });
  });
});
