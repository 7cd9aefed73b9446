import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROOT_CONTEXT,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
} from '@opentelemetry/api';
import { propagatorFromEnv, propagatorNames } from './propagators';

const quiet = (): void => undefined;

describe('OTEL_PROPAGATORS -> propagator', () => {
  it("defaults to the suite's set: W3C, baggage and B3 multi-header for the legacy seam", () => {
    assert.deepEqual(propagatorNames({}), ['tracecontext', 'baggage', 'b3multi']);
    assert.deepEqual(propagatorNames({ TRACE_SEAM: 'broken' }), ['tracecontext', 'baggage']);
  });

  it('honours the variable when set, in its order, and none', () => {
    assert.deepEqual(propagatorNames({ OTEL_PROPAGATORS: 'b3, tracecontext' }), [
      'b3',
      'tracecontext',
    ]);
    assert.deepEqual(propagatorNames({ OTEL_PROPAGATORS: 'none' }), []);
    const warnings: string[] = [];
    assert.deepEqual(
      propagatorNames({ OTEL_PROPAGATORS: 'tracecontext,xray' }, (m) => void warnings.push(m)),
      ['tracecontext'],
    );
    assert.match(warnings[0] ?? '', /"xray" is not available here/);
  });

  it('injects the headers the names stand for, plus the correlation id', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      traceFlags: TraceFlags.SAMPLED,
    });
    const headersFor = (env: NodeJS.ProcessEnv): string[] => {
      const carrier: Record<string, string> = {};
      propagatorFromEnv(env, false, quiet).inject(ctx, carrier, defaultTextMapSetter);
      return Object.keys(carrier).sort();
    };
    assert.deepEqual(headersFor({}), [
      'traceparent',
      'x-b3-sampled',
      'x-b3-spanid',
      'x-b3-traceid',
    ]);
    assert.deepEqual(headersFor({ OTEL_PROPAGATORS: 'b3' }), ['b3']);
    assert.deepEqual(headersFor({ OTEL_PROPAGATORS: 'none' }), []);
    assert.ok(
      propagatorFromEnv({ OTEL_PROPAGATORS: 'none' }, false, quiet)
        .fields()
        .includes('x-correlation-id'),
    );
  });

  it('still reads a jaeger-client caller (B3 only) by default', () => {
    const carrier = {
      'x-b3-traceid': 'c'.repeat(32),
      'x-b3-spanid': 'd'.repeat(15),
      'x-b3-sampled': '0',
    };
    const extracted = propagatorFromEnv({}, false, quiet).extract(
      ROOT_CONTEXT,
      carrier,
      defaultTextMapGetter,
    );
    const parent = trace.getSpanContext(extracted);
    assert.equal(parent?.traceId, 'c'.repeat(32));
    assert.equal(parent?.traceFlags, TraceFlags.NONE);
  });
});
