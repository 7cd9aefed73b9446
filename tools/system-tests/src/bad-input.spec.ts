// The bad-input corpus against the whole suite as real processes: every hostile request gets a 4xx
// with a JSON body that says what is wrong (never a 5xx, a hang or a crash), the rejection is on the
// span, and afterwards the suite still answers normally.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ProcessGroup,
  SERVICE_NAMES,
  type RunningSuite,
  launchSuiteWithSink,
} from '@suite/harness';
import { OtlpSink } from '@suite/testing';
import { badInputCorpus } from './corpus';
import { httpRequest, rawRequest } from './raw-http';
import { SKUS } from '@suite/traffic';

const group = new ProcessGroup('silent');
const sink = new OtlpSink();
let suite: RunningSuite;

describe('bad-input corpus against the running suite', () => {
  before(async () => {
    suite = await launchSuiteWithSink(group, sink, {
      LATENCY: 'off',
    });
  });

  after(async () => {
    await group.stopAll();
    await sink.stop();
  });

  it('answers every case with the expected 4xx and a JSON body that says what is wrong', async () => {
    const failures: string[] = [];
    const corpus = badInputCorpus();
    for (const bad of corpus) {
      try {
        const answer = await rawRequest(suite.ports[bad.service], bad.request);
        const message = answer.json?.['message'];
        if (answer.status !== bad.status) {
          failures.push(
            `${bad.name}: ${answer.status} (wanted ${bad.status}) ${answer.body.slice(0, 200)}`,
          );
        } else if (!answer.headers['content-type']?.startsWith('application/json')) {
          failures.push(`${bad.name}: content-type ${answer.headers['content-type']}, not JSON`);
        } else if (typeof message !== 'string' || message.length < 10) {
          failures.push(`${bad.name}: no message that says what is wrong: ${answer.body}`);
        } else if (answer.json?.['statusCode'] !== bad.status) {
          failures.push(`${bad.name}: body statusCode ${String(answer.json?.['statusCode'])}`);
        }
      } catch (error) {
        failures.push(`${bad.name}: ${(error as Error).message}`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${corpus.length} cases failed`);
  });

  it('puts the rejection on the server span', async () => {
    const answer = await rawRequest(
      suite.ports.bff,
      httpRequest('GET', '/api/users/abc/dashboard', {
        headers: { 'x-correlation-id': 'corpus-span-check' },
      }),
    );
    assert.equal(answer.status, 400);
    const traceId = answer.headers['traceresponse']?.split('-')[1];
    assert.ok(traceId, 'traceresponse header');
    const spans = await sink.waitForTrace(traceId, 1);
    const server = spans.find((s) => s.kind === 'server');
    const event = server?.events.find((e) => e.name === 'request rejected');
    assert.ok(event, `no "request rejected" event on ${server?.name}`);
    assert.equal(event.attributes['http.response.status_code'], 400);
    assert.match(String(event.attributes['app.reason']), /userId/);
  });

  it('replaces an unsafe correlation id and drops outside baggage at the edge', async () => {
    const answer = await rawRequest(
      suite.ports.bff,
      httpRequest('GET', '/api/users/7/dashboard', {
        headers: {
          'x-correlation-id': 'forged\u00e9id {"level":"fatal"}',
          baggage: 'app.synthetic=true,user.role=admin,chaos.experiment=%E2%80%AEexp',
        },
      }),
    );
    assert.equal(answer.status, 200);
    const correlationId = answer.headers['x-correlation-id'] ?? '';
    assert.match(correlationId, /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/);
    const traceId = answer.headers['traceresponse']!.split('-')[1]!;
    const spans = await sink.waitForTrace(traceId, 10);
    for (const span of spans) {
      assert.equal(span.attributes['app.correlation_id'], correlationId, span.name);
      assert.equal(span.attributes['app.synthetic'], 'true', 'allowlisted entry kept');
      assert.equal(span.attributes['chaos.experiment'], undefined, 'unsafe value dropped');
      assert.equal(span.attributes['user.role'], undefined, 'unknown key dropped');
    }
  });

  it('still answers normally afterwards: every service ready, a dashboard and a checkout', async () => {
    for (const name of SERVICE_NAMES) {
      const ready = await fetch(`${suite.urls[name]}/health/ready`);
      assert.equal(ready.status, 200, `${name} ready`);
    }
    const dashboard = await fetch(`${suite.urls.bff}/api/users/42/dashboard`);
    assert.equal(dashboard.status, 200);
    const checkout = await fetch(`${suite.urls.bff}/api/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'corpus-after-0001' },
      body: JSON.stringify({ userId: '42', items: [{ sku: SKUS[0], quantity: 2 }] }),
    });
    assert.equal(checkout.status, 201, await checkout.text());
  });
});
