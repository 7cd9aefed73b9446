// Partial failure with real processes stopped: degraded 200s, or a quick 503 for the critical one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bffCalls, dashboard, group, sink, suite } from './world';

export function partialFailureTests(): void {
  describe('partial failure, with real processes stopped', () => {
    it('a dead loyalty-service leaves the dashboard answering 200, degraded', async () => {
      await group.stopOne('loyalty-service');
      const { response, body } = await dashboard('', 'trace-contract-loyalty-down');
      assert.equal(response.status, 200);
      assert.deepEqual(body.meta.degraded, ['loyalty']);
      assert.equal(body.meta.branches['loyalty']?.status, 'error');
      assert.deepEqual(body['loyalty'], { status: 'unavailable' });
      const spans = await sink.waitForTrace(body.meta.traceId, 20);
      const failed = bffCalls(spans).find(
        (s) => s.attributes['peer.service'] === 'loyalty-service',
      );
      assert.equal(failed?.error, true, 'the failed call is an error span');
      assert.equal(failed?.attributes['error.type'], 'unavailable');
      // A read is retried: one CLIENT span per attempt, siblings, the retries saying how long they waited.
      const attempts = bffCalls(spans).filter(
        (s) => s.attributes['peer.service'] === 'loyalty-service',
      );
      assert.deepEqual(attempts.map((s) => s.attributes['app.retry.attempt']).sort(), [0, 1, 2]);
      assert.equal(new Set(attempts.map((s) => s.parentSpanId)).size, 1);
      assert.equal(attempts.filter((s) => s.events.some((e) => e.name === 'retry')).length, 2);
      assert.ok(
        spans.some((s) =>
          s.events.some((e) => e.name === 'fallback' && e.attributes['app.branch'] === 'loyalty'),
        ),
        'the BFF records the fallback it used',
      );
      await suite.start('loyalty-service');
    });

    it('a dead user-service gives a quick 503 with a message that says what to do', async () => {
      await group.stopOne('user-service');
      const started = performance.now();
      const { response, body } = await dashboard('', 'trace-contract-user-down');
      assert.equal(response.status, 503);
      assert.ok(performance.now() - started < 1000, 'quickly, not after the other branches');
      assert.match(String(body['message']), /needs user-service.*Retry/);
      await suite.start('user-service');
      assert.equal((await dashboard('', 'trace-contract-user-back')).response.status, 200);
    });
  });
}
