import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import {
  contextWithCorrelationId,
  correlationIdFrom,
  isValidCorrelationId,
  resolveCorrelationId,
} from './correlation-id';

describe('correlation id', () => {
  it('accepts bounded ids of safe characters only', () => {
    assert.equal(isValidCorrelationId('checkout-2026-11-22.a1'), true);
    assert.equal(isValidCorrelationId('short'), false);
    assert.equal(isValidCorrelationId('x'.repeat(129)), false);
    assert.equal(isValidCorrelationId('bad\nid-injected-line'), false);
    assert.equal(isValidCorrelationId('<script>alert(1)</script>'), false);
    assert.equal(isValidCorrelationId(undefined), false);
  });

  it("keeps the caller's valid header, else the baggage, else generates one", () => {
    const ctx = contextWithCorrelationId(ROOT_CONTEXT, 'from-baggage-123');
    assert.deepEqual(resolveCorrelationId('from-header-123', ctx), {
      correlationId: 'from-header-123',
      source: 'header',
    });
    assert.deepEqual(resolveCorrelationId('bad id', ctx), {
      correlationId: 'from-baggage-123',
      source: 'baggage',
    });
    const generated = resolveCorrelationId(undefined, ROOT_CONTEXT);
    assert.equal(generated.source, 'generated');
    assert.equal(isValidCorrelationId(generated.correlationId), true);
  });

  it('round-trips through baggage', () => {
    const ctx = contextWithCorrelationId(ROOT_CONTEXT, 'round-trip-0001');
    assert.equal(correlationIdFrom(ctx), 'round-trip-0001');
    assert.equal(correlationIdFrom(ROOT_CONTEXT), undefined);
  });
});
