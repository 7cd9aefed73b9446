import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseChaosFaults, routeMatches } from './chaos-fault';
import { ChaosRegistry } from './chaos-registry';

describe('chaos faults', () => {
  it('reads CHAOS_FAULTS as JSON or as key=value entries', () => {
    assert.deepEqual(parseChaosFaults('[{"kind":"error","status":502,"rate":0.25}]'), [
      { kind: 'error', status: 502, rate: 0.25 },
    ]);
    assert.deepEqual(
      parseChaosFaults(
        'kind=latency,latency=lognormal:200:800,route=GET /users/:userId/points;kind=reset',
      ),
      [
        {
          kind: 'latency',
          latency: { kind: 'lognormal', medianMs: 200, p99Ms: 800 },
          route: 'GET /users/:userId/points',
          rate: 1,
        },
        { kind: 'reset', rate: 1 },
      ],
    );
    assert.deepEqual(parseChaosFaults(''), []);
  });

  it('refuses a bad fault with the accepted forms', () => {
    assert.throws(
      () => parseChaosFaults('kind=latency,latency=slow'),
      /not a latency profile.*Kinds:/s,
    );
    assert.throws(() => parseChaosFaults('{"kind":"error","rate":2}'), /rate is a fraction/);
    assert.throws(() => parseChaosFaults('kind'), /CHAOS_FAULTS is malformed/);
  });

  it('scopes by method and route template, concrete path, or everything', () => {
    const at = (route: string | undefined, method: string, path: string) =>
      routeMatches(route, method, '/users/:userId/points', path);
    assert.equal(at('GET /users/:userId/points', 'GET', '/users/4/points'), true);
    assert.equal(at('POST /users/:userId/points', 'GET', '/users/4/points'), false);
    assert.equal(at('/users/4/points', 'GET', '/users/4/points'), true);
    assert.equal(at('/users/5/points', 'GET', '/users/4/points'), false);
    assert.equal(at('*', 'DELETE', '/anything'), true);
    assert.equal(at(undefined, 'GET', '/x'), true);
  });

  it('hits a share of requests close to the rate', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const registry = new ChaosRegistry(parseChaosFaults('kind=reset,rate=0.3'), random);
    const hits = Array.from(
      { length: 2000 },
      () => registry.select('GET', '/x', '/x').length,
    ).reduce((a, b) => a + b);
    assert.ok(hits > 500 && hits < 700, `${hits} of 2000`);
  });
});
