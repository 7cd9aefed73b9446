import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, defaultTextMapGetter, propagation } from '@opentelemetry/api';
import { EdgeBaggagePropagator, isEdgeService } from './edge-baggage';
import { suitePropagator } from './sdk';

function baggageOf(header: string, edge = true): Record<string, string> {
  const propagator = edge
    ? suitePropagator({ TELEMETRY_EDGE: 'true' })
    : suitePropagator({ TELEMETRY_EDGE: 'false' });
  const ctx = propagator.extract(ROOT_CONTEXT, { baggage: header }, defaultTextMapGetter);
  return Object.fromEntries(
    (propagation.getBaggage(ctx)?.getAllEntries() ?? []).map(([k, e]) => [k, e.value]),
  );
}

describe('baggage at the edge', () => {
  it('keeps only allowlisted keys with valid values, and no metadata', () => {
    const kept = baggageOf(
      'app.correlation_id=edge-test-0001;prop=1,app.synthetic=true,chaos.experiment=exp-1,' +
        'user.role=admin,tenant=other,app.synthetic2=true',
    );
    assert.deepEqual(kept, {
      'app.correlation_id': 'edge-test-0001',
      'app.synthetic': 'true',
      'chaos.experiment': 'exp-1',
    });
  });

  it('drops allowlisted keys whose values are not safe', () => {
    const kept = baggageOf(
      `app.correlation_id=${encodeURIComponent('bad\nid injected')},app.synthetic=maybe,` +
        `chaos.experiment=${encodeURIComponent('\u202Eexp')}`,
    );
    // The correlation propagator then generates a fresh id: only that remains.
    assert.deepEqual(Object.keys(kept), ['app.correlation_id']);
    assert.notEqual(kept['app.correlation_id'], 'bad\nid injected');
  });

  it('leaves inside services alone (their baggage comes from the BFF)', () => {
    assert.equal(baggageOf('team=payments', false)['team'], 'payments');
  });

  it('is on for the bff by default, and switchable', () => {
    assert.equal(isEdgeService({}, 'bff'), true);
    assert.equal(isEdgeService({}, 'order-service'), false);
    assert.equal(isEdgeService({ TELEMETRY_EDGE: 'false' }, 'bff'), false);
    assert.equal(isEdgeService({ TELEMETRY_EDGE: 'true' }, 'order-service'), true);
    assert.throws(() => isEdgeService({ TELEMETRY_EDGE: 'yes' }), /TELEMETRY_EDGE/);
  });

  it('injects what the suite itself set', () => {
    const ctx = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({ 'app.synthetic': { value: 'true' } }),
    );
    const carrier: Record<string, string> = {};
    new EdgeBaggagePropagator().inject(ctx, carrier, {
      set: (c, k, v) => ((c as Record<string, string>)[k] = v),
    });
    assert.equal(carrier['baggage'], 'app.synthetic=true');
  });
});
