import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { callPath, type JsonCall } from './json-call';

const call = (template: string, extra: Partial<JsonCall<unknown>> = {}): JsonCall<unknown> => ({
  method: 'GET',
  template,
  schema: z.unknown(),
  ...extra,
});

describe('callPath', () => {
  it('fills in the template and appends the query', () => {
    const path = callPath(
      call('/users/:userId/orders', { params: { userId: '42' }, query: { limit: 5 } }),
    );
    assert.equal(path, '/users/42/orders?limit=5');
  });

  it('encodes parameters and query values, so a value cannot change the route', () => {
    const path = callPath(
      call('/users/:userId', { params: { userId: '../admin?x=1' }, query: { q: 'a b&c' } }),
    );
    assert.equal(path, '/users/..%2Fadmin%3Fx%3D1?q=a+b%26c');
  });

  it('leaves out an empty query', () => {
    assert.equal(callPath(call('/health/live', { query: {} })), '/health/live');
  });

  it('says which parameter is missing', () => {
    assert.throws(() => callPath(call('/users/:userId')), /missing path parameter userId/);
  });
});
