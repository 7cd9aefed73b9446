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

const ctk = (...args: string[]) => ({
  type: 'process',
  path: 'node',
  arguments: ['tools/chaos/dist/ctk.js', ...args],
});
const live = {
  type: 'probe',
  name: 'live',
  tolerance: 200,
  provider: { type: 'http', url: '${bff_url}/health/live' },
};
const loyaltyAdmin = (method: string, extra: object = {}) => ({
  type: 'http',
  method,
  url: '${loyalty_service_url}/admin/chaos/faults',
  headers: { authorization: 'Bearer ${chaos_token}' },
  ...extra,
});

/** A Chaos Toolkit experiment, as the files in infra/chaos are. */
function experiment(overrides: Record<string, unknown> = {}) {
  return parseExperiment(
    JSON.stringify({
      version: '1.0.0',
      title: 'fake',
      description: 'fake experiment',
      extensions: [
        { name: 'distributed-tracing-suite', timing: { beforeMs: 0, recoveryMs: 0, afterMs: 0 } },
      ],
      'steady-state-hypothesis': { title: 'alive', probes: [live] },
      method: [
        { type: 'action', name: 'pause it', provider: ctk('pause', 'order-service') },
        {
          type: 'action',
          name: 'slow',
          provider: loyaltyAdmin('POST', { arguments: { kind: 'latency', latency: 100 } }),
          pauses: { after: 0.2 },
        },
        { ...live, name: 'still live' },
      ],
      rollbacks: [
        { type: 'action', name: 'resume it', provider: ctk('resume', 'order-service') },
        { type: 'action', name: 'clear', provider: loyaltyAdmin('DELETE') },
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
        {
          type: 'action',
          name: 'pause it',
          provider: ctk('pause', 'order-service'),
          pauses: { after: 60 },
        },
        { type: 'action', name: 'never', provider: ctk('kill', 'bff') },
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
      () => parseExperiment(JSON.stringify({ title: 'x', method: [{ type: 'action' }] }), 'broken'),
      (error: Error) => {
        assert.match(error.message, /broken\.json is not a valid Chaos Toolkit experiment/);
        assert.match(error.message, /version/);
        assert.match(error.message, /description/);
        assert.match(error.message, /steady-state-hypothesis/);
        assert.match(error.message, /method\.0\.name/);
        return true;
      },
    );
    const withMethod = (method: unknown[]) => () =>
      experiment({
        method: [...method, { type: 'action', name: 'ok', provider: ctk('kill', 'bff') }],
      });
    assert.throws(
      withMethod([{ type: 'action', name: 'boom', provider: ctk('explode', 'db') }]),
      /method action "boom": unknown ctk command "explode"/,
    );
    assert.throws(
      withMethod([{ type: 'action', name: 'db', provider: ctk('kill', 'db') }]),
      /service "db" is not one of/,
    );
    assert.throws(
      withMethod([
        {
          type: 'action',
          name: 'rm',
          provider: { type: 'process', path: 'rm', arguments: ['-rf', '/'] },
        },
      ]),
      /process providers run "node tools\/chaos\/dist\/ctk\.js <command> \.\.\."/,
    );
    assert.throws(
      withMethod([{ type: 'probe', name: 'p', tolerance: 0, provider: ctk('traffic') }]),
      /a ctk probe's tolerance is .*"\$\.ok"/,
    );
    assert.throws(
      withMethod([{ ...live, provider: { type: 'http', url: 'http://example.test/x' } }]),
      /must start with a service's configuration key/,
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
