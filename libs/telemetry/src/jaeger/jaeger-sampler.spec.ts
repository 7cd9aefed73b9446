import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import jaegerClient, { type Reporter } from 'jaeger-client';
import { FORMAT_HTTP_HEADERS, type SpanContext } from 'opentracing';
import { withProcessEnv } from '../env/process-env';
import { jaegerSamplerConfig } from './jaeger-sampler';
import { createJaegerClientTracer } from './jaeger-telemetry';

const { InMemoryReporter } = jaegerClient as unknown as { InMemoryReporter: new () => Reporter };

const quiet = (): void => undefined;

describe('jaeger-client sampler from the fleet policy', () => {
  it('samples everything by default, like parentbased_always_on', () => {
    assert.deepEqual(jaegerSamplerConfig({}, quiet), { type: 'const', param: 1 });
    assert.deepEqual(
      jaegerSamplerConfig({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, quiet),
      {
        type: 'const',
        param: 0,
      },
    );
  });

  it('maps the ratio samplers to probabilistic with the same rate', () => {
    const env = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.3' };
    assert.deepEqual(jaegerSamplerConfig(env, quiet), { type: 'probabilistic', param: 0.3 });
  });

  it('maps jaeger_remote to jaeger-client remote sampling against the same endpoint', () => {
    const env = {
      OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG:
        'endpoint=http://127.0.0.1:5778,pollingIntervalMs=2000,initialSamplingRate=0.2',
    };
    assert.deepEqual(jaegerSamplerConfig(env, quiet), {
      type: 'remote',
      param: 0.2,
      hostPort: 'http://127.0.0.1:5778',
      refreshIntervalMs: 2000,
    });
  });

  it("defaults to the contract's Jaeger, and lets jaeger-client's own variables move it", () => {
    const env = { OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote' };
    assert.deepEqual(jaegerSamplerConfig(env, quiet), {
      type: 'remote',
      param: 0.001,
      hostPort: 'http://localhost:5778',
      refreshIntervalMs: 60_000,
    });
    const own = {
      ...env,
      OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://127.0.0.1:5778,pollingIntervalMs=2000',
      JAEGER_SAMPLER_MANAGER_HOST_PORT: 'jaeger:5778',
      JAEGER_SAMPLER_REFRESH_INTERVAL: '1000',
    };
    assert.deepEqual(jaegerSamplerConfig(own, quiet), {
      type: 'remote',
      param: 0.001,
      hostPort: 'jaeger:5778',
      refreshIntervalMs: 1000,
    });
  });

  it("leaves jaeger-client's own JAEGER_SAMPLER_* in charge when set", () => {
    const env = { JAEGER_SAMPLER_TYPE: 'ratelimiting', OTEL_TRACES_SAMPLER: 'always_off' };
    assert.equal(jaegerSamplerConfig(env, quiet), undefined);
  });
});

describe('a jaeger-client service under a ratio policy', () => {
  it("follows the caller's B3 sampled flag, whatever its own sampler would say", () => {
    const tracer = withProcessEnv(
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.5' },
      () =>
        createJaegerClientTracer({
          serviceName: 'loyalty-service',
          reporter: new InMemoryReporter(),
        }),
    );
    const sampledFlag = (sampled: '0' | '1'): boolean => {
      const parent = tracer.extract(FORMAT_HTTP_HEADERS, {
        'x-b3-traceid': 'a'.repeat(32),
        'x-b3-spanid': 'b'.repeat(16),
        'x-b3-sampled': sampled,
      }) as SpanContext;
      const span = tracer.startSpan('GET /loyalty/:userId', { childOf: parent });
      const context = span.context() as SpanContext & { isSampled(): boolean };
      span.finish();
      return context.isSampled();
    };
    for (let i = 0; i < 20; i++) {
      assert.equal(sampledFlag('1'), true);
      assert.equal(sampledFlag('0'), false);
    }
    tracer.close();
  });
});
