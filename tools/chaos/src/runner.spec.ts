// The runner with a fake target: rollbacks always run (method failure, interruption), probes decide
// the verdict, broken experiment files get a clear error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  type FaultTarget,
  type HttpAnswer,
  type HttpCall,
  type ServiceName,
  repoRoot,
} from '@suite/harness';
import { experimentIds, loadExperiment, parseExperiment } from './experiment';
import { runExperiment } from './runner';

class FakeTarget implements FaultTarget {
  readonly kind = 'own' as const;
  readonly description = 'fake';
  readonly bffUrl = 'http://127.0.0.1:9';
  readonly chaosToken = 'fake-token-0123456789';
  readonly calls: string[] = [];
  failOn?: string;
  health = 200;

  private record(what: string): Promise<void> {
    this.calls.push(what);
    return what === this.failOn ? Promise.reject(new Error(`${what} broke`)) : Promise.resolve();
  }
  kill = (s: ServiceName) => this.record(`kill ${s}`);
  stop = (s: ServiceName) => this.record(`stop ${s}`);
  pause = (s: ServiceName) => this.record(`pause ${s}`);
  resume = (s: ServiceName) => this.record(`resume ${s}`);
  start = (s: ServiceName) => this.record(`start ${s}`);
  restart = (s: ServiceName) => this.record(`restart ${s}`);
  async http(service: ServiceName, call: HttpCall): Promise<HttpAnswer> {
    await this.record(`${call.method ?? 'GET'} ${service}${call.path}`);
    const status = call.method === 'POST' ? 201 : call.path === '/health/live' ? this.health : 200;
    return { status, body: {}, ms: 1 };
  }
}

function experiment(overrides: Record<string, unknown> = {}) {
  return parseExperiment(
    JSON.stringify({
      title: 'fake',
      description: 'fake experiment',
      timing: { beforeMs: 0, recoveryMs: 0, afterMs: 0 },
      'steady-state-hypothesis': {
        title: 'alive',
        probes: [{ type: 'http', name: 'live', path: '/health/live', tolerance: { status: 200 } }],
      },
      method: [
        { type: 'process', name: 'pause it', fault: 'pause', service: 'order-service' },
        {
          type: 'inject',
          name: 'slow',
          service: 'loyalty-service',
          fault: { kind: 'latency', latency: 100 },
        },
        { type: 'wait', name: 'hold', ms: 200 },
      ],
      rollbacks: [
        { type: 'process', name: 'resume it', fault: 'resume', service: 'order-service' },
        { type: 'clear-faults', name: 'clear', service: 'loyalty-service' },
      ],
      ...overrides,
    }),
    'fake',
  );
}

const rollbacks = ['resume order-service', 'DELETE loyalty-service/admin/chaos/faults'];

describe('chaos runner', () => {
  it('runs method and rollbacks in order and passes when the probes hold', async () => {
    const target = new FakeTarget();
    const result = await runExperiment(experiment(), { target, traffic: false });
    assert.equal(result.status, 'passed', result.reason);
    assert.deepEqual(target.calls, [
      'GET bff/health/live',
      'pause order-service',
      'POST loyalty-service/admin/chaos/faults',
      'GET bff/health/live',
      ...rollbacks,
      'GET bff/health/live',
    ]);
    assert.deepEqual(
      result.probes.map((p) => `${p.phase} ${p.ok}`),
      ['before true', 'during true', 'after true'],
    );
  });

  it('still runs every rollback when a method action fails, and fails the run', async () => {
    const target = new FakeTarget();
    target.failOn = 'pause order-service';
    const result = await runExperiment(experiment(), { target, traffic: false });
    assert.equal(result.status, 'failed');
    assert.match(result.reason ?? '', /"pause it" failed: pause order-service broke/);
    assert.deepEqual(target.calls.slice(-2), rollbacks);
    assert.ok(!target.calls.includes('POST loyalty-service/admin/chaos/faults'), 'method stopped');
  });

  it('still runs every rollback when interrupted mid-method', async () => {
    const target = new FakeTarget();
    const controller = new AbortController();
    const long = experiment({
      method: [
        { type: 'process', name: 'pause it', fault: 'pause', service: 'order-service' },
        { type: 'wait', name: 'hold', ms: 60_000 },
        { type: 'process', name: 'never', fault: 'kill', service: 'bff' },
      ],
    });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const result = await runExperiment(long, { target, traffic: false, signal: controller.signal });
    assert.ok(performance.now() - started < 5000, 'the wait was cut short');
    assert.equal(result.status, 'interrupted');
    assert.ok(!target.calls.includes('kill bff'));
    assert.deepEqual(target.calls.slice(-2), rollbacks);
  });

  it('runs the other rollbacks when one fails, and fails a run whose hypothesis breaks', async () => {
    const target = new FakeTarget();
    target.failOn = 'resume order-service';
    target.health = 503;
    const result = await runExperiment(experiment(), { target, traffic: false });
    assert.equal(result.status, 'failed');
    assert.match(result.reason ?? '', /steady state did not hold before/);
    assert.deepEqual(target.calls, ['GET bff/health/live', ...rollbacks]);
    assert.equal(result.actions.find((a) => a.name === 'resume it')?.ok, false);
  });

  it('refuses a broken experiment file with every mistake named', () => {
    assert.throws(
      () =>
        parseExperiment(
          JSON.stringify({
            title: 'x',
            method: [{ type: 'process', fault: 'explode', service: 'db' }],
          }),
          'broken',
        ),
      (error: Error) => {
        assert.match(error.message, /broken\.json is not a valid experiment/);
        assert.match(error.message, /description/);
        assert.match(error.message, /steady-state-hypothesis/);
        assert.match(error.message, /method\.0\.fault/);
        assert.match(error.message, /service must be one of/);
        return true;
      },
    );
    assert.throws(() => parseExperiment('{ nope', 'bad'), /bad\.json is not valid JSON/);
  });

  it('ships the six experiments, each valid', () => {
    const ids = experimentIds(repoRoot());
    for (const id of [
      'kill-loyalty',
      'slow-recommendations',
      'flaky-orders',
      'user-service-down',
      'paused-order-service',
      'checkout-during-loyalty-outage',
    ]) {
      assert.ok(ids.includes(id), id);
      assert.ok(loadExperiment(repoRoot(), id).rollbacks.length > 0, `${id} has rollbacks`);
    }
  });
});
