import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('jaeger-client remote sampling against Jaeger v2 answers', () => {
  /** A sampling endpoint on loopback answering what Jaeger v2 answers: numeric strategyType. */
  async function samplingServer(answer: () => unknown) {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  function sampledShare(tracer: ReturnType<typeof createJaegerClientTracer>): number {
    let sampled = 0;
    for (let i = 0; i < 50; i++) {
      const span = tracer.startSpan('GET /users/:userId/points');
      if ((span.context() as SpanContext & { isSampled(): boolean }).isSampled()) sampled++;
      span.finish();
    }
    return sampled / 50;
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  it('applies a service rate, and a new one to operations it has already seen', async () => {
    let rate = 1;
    const perOperation = { value: false };
    const { server, url } = await samplingServer(() => ({
      strategyType: 0,
      probabilisticSampling: { samplingRate: rate },
      ...(perOperation.value
        ? {
            operationSampling: {
              defaultSamplingProbability: rate,
              defaultLowerBoundTracesPerSecond: 0,
              perOperationStrategies: [
                { operation: 'GET /health/ready', probabilisticSampling: { samplingRate: 0 } },
              ],
            },
          }
        : {}),
    }));
    const tracer = withProcessEnv(
      {
        OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
        OTEL_TRACES_SAMPLER_ARG: `endpoint=${url},initialSamplingRate=0`,
        JAEGER_SAMPLER_REFRESH_INTERVAL: '20',
      },
      () =>
        createJaegerClientTracer({
          serviceName: 'loyalty-service',
          reporter: new InMemoryReporter(),
        }),
    );
    try {
      assert.equal(sampledShare(tracer), 0, 'the initial rate before the first answer');
      await until(() => sampledShare(tracer) === 1);
      assert.equal(sampledShare(tracer), 1, 'a numeric strategyType is understood');
      perOperation.value = true;
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(sampledShare(tracer), 1, 'the per-operation form at the same rate');
      rate = 0;
      await until(() => sampledShare(tracer) === 0);
      assert.equal(sampledShare(tracer), 0, 'an operation seen before follows the new rate');
    } finally {
      tracer.close();
      // A poll already under way finishes before the server goes (no reset logged).
      await new Promise((r) => setTimeout(r, 100));
      server.close();
    }
  });
});
