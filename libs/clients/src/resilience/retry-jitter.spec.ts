// Scenario 4 (retry storm): the jitter switch (SCENARIO_RETRY_JITTER) chooses lockstep or jittered backoff.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DownstreamError } from '../downstream-error';
import { DownstreamPolicy } from './downstream-policy';
import type { PolicySettings } from './policy-config';

const settings: PolicySettings = {
  service: 'test-service',
  url: 'http://127.0.0.1:1',
  timeoutMs: 500,
  retries: 3,
  retryBaseMs: 4,
  retryMaxMs: 40,
  breakerFailures: 100,
  breakerHalfOpenMs: 60_000,
  bulkheadLimit: 8,
  bulkheadQueue: 8,
};

/** The backoff before each retry of a call that always fails with a 503. */
async function delays(jitter: boolean): Promise<number[]> {
  const policy = new DownstreamPolicy(settings, jitter);
  const seen: number[] = [];
  await assert.rejects(
    policy.run(
      { idempotent: true },
      (plan, run) => {
        if (plan.number > 0) seen.push(plan.delayMs);
        return run();
      },
      () => Promise.reject(new DownstreamError('test-service', 'http', 'down', 503)),
    ),
    DownstreamError,
  );
  return seen;
}

describe('retry backoff jitter (SCENARIO_RETRY_JITTER)', () => {
  it('off: every caller waits the same doubling delays, so their retries coincide', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => delays(false)));
    for (const run of runs) assert.deepEqual(run, runs[0]);
    assert.equal(runs[0]!.length, 3);
    assert.ok(runs[0]![1]! > runs[0]![0]! && runs[0]![2]! > runs[0]![1]!, `${runs[0]}`);
  });

  it('on (the default): callers wait different delays', async () => {
    const runs = await Promise.all(Array.from({ length: 5 }, () => delays(true)));
    const distinct = new Set(runs.map((r) => r.join(',')));
    assert.ok(distinct.size > 1, `all five callers retried in lockstep: ${[...distinct]}`);
  });
});
