// The experiment files as Chaos Toolkit documents: what the project runner reads from them, and the
// ctk commands their process providers call.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PORTS } from '@suite/contracts';
import { repoRoot } from '@suite/harness';
import { parseCtkCommand } from './ctk-args';
import { OK_TOLERANCE, serviceOfUrl } from './ctk-format';
import { experimentIds, experimentsDir, loadExperiment } from './experiment';

const root = repoRoot();
const raw = (id: string) =>
  JSON.parse(readFileSync(join(experimentsDir(root), `${id}.json`), 'utf8')) as {
    configuration: Record<string, { key: string; default: string }>;
    method: { type: string; name: string; tolerance?: unknown; provider: { type: string } }[];
  };

describe('Chaos Toolkit experiment files', () => {
  it('default every service URL to the ports table, and the token to the environment', () => {
    for (const id of experimentIds(root)) {
      for (const [key, value] of Object.entries(raw(id).configuration)) {
        if (key === 'chaos_token') {
          assert.equal(value.key, 'CHAOS_ADMIN_TOKEN');
          continue;
        }
        const { service } = serviceOfUrl(`\${${key}}/`);
        const port = DEFAULT_PORTS[service as keyof typeof DEFAULT_PORTS];
        assert.equal(value.default, `http://127.0.0.1:${port}`, `${id}: ${key}`);
      }
    }
  });

  it('check every method probe of the ctk CLI by its JSON, like the steady-state ones', () => {
    for (const id of experimentIds(root)) {
      for (const a of raw(id).method.filter(
        (x) => x.type === 'probe' && x.provider.type === 'process',
      ))
        assert.deepEqual(a.tolerance, OK_TOLERANCE, `${id}: ${a.name}`);
    }
  });

  it('read into the project runner: steady state before and after, method probes in their place', () => {
    const e = loadExperiment(root, 'kill-loyalty');
    const byName = new Map(e['steady-state-hypothesis'].probes.map((p) => [p.name, p]));
    assert.deepEqual(byName.get('dashboards never fail')?.phases, ['before', 'after']);
    assert.deepEqual(byName.get('the BFF is ready')?.phases, ['before', 'after']);
    const during = byName.get('dashboards stay 200 with loyalty on its fallback');
    assert.deepEqual(during?.phases, ['during']);
    assert.deepEqual(
      e.method.map((a) => a.type),
      ['process', 'check', 'process'],
    );
    const check = e.method[1];
    assert.ok(check?.type === 'check' && check.ms === 8000 && check.probe === during?.name);
    const restart = e.method[2];
    assert.ok(restart?.type === 'process' && restart.fault === 'start');
    assert.equal(restart.pauses?.afterMs, 6000);
    assert.deepEqual(e.load, { ...e.load, concurrency: 4, thinkMs: 50 });
  });

  it('turn http actions on /admin/chaos/faults into injections and clears', () => {
    const e = loadExperiment(root, 'flaky-orders');
    const inject = e.method[0];
    assert.ok(inject?.type === 'inject' && inject.service === 'order-service');
    assert.equal(inject.fault.kind, 'error');
    assert.deepEqual(
      e.rollbacks.map((a) => [a.type, 'service' in a ? a.service : '']),
      [['clear-faults', 'order-service']],
    );
  });

  it('keep the accruals baseline to the project runner (checked after only)', () => {
    const e = loadExperiment(root, 'checkout-during-loyalty-outage');
    const accruals = e['steady-state-hypothesis'].probes.find((p) => p.type === 'accruals');
    assert.deepEqual(accruals?.phases, ['after']);
  });
});

describe('ctk commands', () => {
  it('parse a traffic probe with its tolerance', () => {
    assert.deepEqual(
      parseCtkCommand([
        'traffic',
        '--seconds',
        '8',
        '--statuses',
        '200,503',
        '--p99',
        '1600',
        '--branch',
        'loyalty',
        '--ok-max',
        '0.2',
        '--seen',
        'circuit-open',
      ]),
      {
        command: 'traffic',
        request: 'dashboard',
        seconds: 8,
        tolerance: {
          minRequests: 5,
          statuses: [200, 503],
          latencyMs: { p99: 1600 },
          branch: { name: 'loyalty', okFraction: { max: 0.2 }, seen: ['circuit-open'] },
        },
      },
    );
  });

  it('refuse bad input with what to write instead', () => {
    assert.throws(() => parseCtkCommand(['traffic', '--p99', 'fast']), /--p99 takes a number/);
    assert.throws(() => parseCtkCommand(['traffic', '--branch', 'cart']), /"cart" is not one of/);
    assert.throws(() => parseCtkCommand(['traffic', '--nope', '1']), /nope/);
    assert.throws(() => parseCtkCommand(['inject', 'order-service', '{']), /must be JSON/);
    assert.throws(() => parseCtkCommand(['inject', 'order-service', '{}']), /needs a "kind"/);
    assert.throws(() => parseCtkCommand([]), /unknown ctk command/);
    assert.deepEqual(parseCtkCommand(['kill', 'loyalty-service']), {
      command: 'kill',
      service: 'loyalty-service',
    });
  });
});
