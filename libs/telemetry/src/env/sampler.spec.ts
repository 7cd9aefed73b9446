import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { jaegerRemoteArg, samplerFromEnv } from './sampler';

const quiet = (): void => undefined;
const describeEnv = (env: NodeJS.ProcessEnv): string => samplerFromEnv(env, quiet).toString();

/** Root decisions of `env`'s sampler over `n` random trace ids. */
function sampledShare(env: NodeJS.ProcessEnv, n = 4000): number {
  const sampler = samplerFromEnv(env, quiet);
  let sampled = 0;
  for (let i = 0; i < n; i++) {
    const traceId = [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');
    const result = sampler.shouldSample(ROOT_CONTEXT, traceId, 'x', SpanKind.SERVER, {}, []);
    if (result.decision === SamplingDecision.RECORD_AND_SAMPLED) sampled++;
  }
  return sampled / n;
}

describe('OTEL_TRACES_SAMPLER -> sampler', () => {
  it('defaults to parentbased_always_on, as the specification does', () => {
    assert.match(describeEnv({}), /^ParentBased\{root=AlwaysOnSampler/);
    assert.match(describeEnv({ OTEL_TRACES_SAMPLER: ' ' }), /^ParentBased\{root=AlwaysOnSampler/);
  });

  it('builds each standard sampler with its argument', () => {
    assert.equal(describeEnv({ OTEL_TRACES_SAMPLER: 'always_off' }), 'AlwaysOffSampler');
    assert.equal(describeEnv({ OTEL_TRACES_SAMPLER: 'always_on' }), 'AlwaysOnSampler');
    assert.equal(
      describeEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }),
      'TraceIdRatioBased{0.25}',
    );
    assert.match(
      describeEnv({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.3',
      }),
      /^ParentBased\{root=TraceIdRatioBased\{0.3\}/,
    );
    assert.match(
      describeEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }),
      /^ParentBased\{root=AlwaysOffSampler/,
    );
  });

  it('samples about the ratio of root spans and follows a sampled parent', () => {
    const env = { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.3' };
    assert.ok(Math.abs(sampledShare(env) - 0.3) < 0.05);
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'f'.repeat(32),
      spanId: '1'.repeat(16),
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
    // 0xfff... is above every ratio's bound: a root with this id is never sampled at 0.3.
    const sampler = samplerFromEnv(env, quiet);
    const child = sampler.shouldSample(parent, 'f'.repeat(32), 'x', SpanKind.SERVER, {}, []);
    assert.equal(child.decision, SamplingDecision.RECORD_AND_SAMPLED);
  });

  it('warns about an unknown sampler or a bad ratio and falls back to the defaults', () => {
    const warnings: string[] = [];
    const warn = (m: string): void => void warnings.push(m);
    assert.match(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' }, warn).toString(), /AlwaysOn/);
    assert.equal(
      samplerFromEnv(
        { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '3' },
        warn,
      ).toString(),
      'TraceIdRatioBased{1}',
    );
    assert.match(warnings[0] ?? '', /OTEL_TRACES_SAMPLER=sometimes .*Set it to one of/);
    assert.match(warnings[1] ?? '', /OTEL_TRACES_SAMPLER_ARG=3 .*set a number from 0 to 1/);
  });

  it('reads the jaeger_remote argument and samples roots at its initial rate', () => {
    const env = {
      OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG:
        'endpoint=http://127.0.0.1:5778,pollingIntervalMs=5000,initialSamplingRate=0.5',
    };
    assert.deepEqual(jaegerRemoteArg(env, quiet), {
      endpoint: 'http://127.0.0.1:5778',
      pollingIntervalMs: 5000,
      initialSamplingRate: 0.5,
    });
    assert.match(describeEnv(env), /^ParentBased\{root=TraceIdRatioBased\{0.5\}/);
    assert.deepEqual(jaegerRemoteArg({}, quiet), {
      endpoint: 'http://localhost:5778',
      pollingIntervalMs: 60_000,
      initialSamplingRate: 0.001,
    });
  });
});
