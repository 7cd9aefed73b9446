import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { traceSeam, tracerChoice } from './switches';

describe('tracing switches', () => {
  it('default to OpenTelemetry with the seam bridged', () => {
    assert.equal(tracerChoice({}), 'otel');
    assert.equal(traceSeam({}), 'bridged');
    assert.equal(tracerChoice({ TRACER: 'jaeger-client' }), 'jaeger-client');
    assert.equal(traceSeam({ TRACE_SEAM: 'broken' }), 'broken');
  });

  it('refuse a typo, saying what to set', () => {
    assert.throws(
      () => tracerChoice({ TRACER: 'jaeger' }),
      /set TRACER to one of otel, jaeger-client/,
    );
    assert.throws(
      () => traceSeam({ TRACE_SEAM: 'off' }),
      /set TRACE_SEAM to one of bridged, broken/,
    );
  });
});
