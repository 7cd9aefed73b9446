import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { JAEGER_PORTS } from '@suite/contracts';
import { envValue, warnOnStderr, type Warn } from './process-env';

export const DEFAULT_SAMPLER = 'parentbased_always_on';

/** What OTEL_TRACES_SAMPLER selects, in the specification's words. */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio'
  | 'jaeger_remote'
  | 'parentbased_jaeger_remote';

const KNOWN: readonly SamplerName[] = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'jaeger_remote',
  'parentbased_jaeger_remote',
];

/** The jaeger_remote argument: `endpoint=...,pollingIntervalMs=...,initialSamplingRate=...`. */
export interface JaegerRemoteArg {
  endpoint: string;
  pollingIntervalMs: number;
  initialSamplingRate: number;
}

/** Jaeger's remote_sampling extension answers HTTP on 5778 (`/sampling?service=`), as the agent did. */
export const DEFAULT_JAEGER_REMOTE: JaegerRemoteArg = {
  endpoint: `http://localhost:${JAEGER_PORTS.samplingHttp}`,
  pollingIntervalMs: 60_000,
  initialSamplingRate: 0.001,
};

/** The sampler OTEL_TRACES_SAMPLER names; an unknown name warns and falls back, as the spec says. */
export function samplerName(env: NodeJS.ProcessEnv, warn: Warn = warnOnStderr): SamplerName {
  const raw = envValue(env, 'OTEL_TRACES_SAMPLER')?.toLowerCase();
  if (raw === undefined) return DEFAULT_SAMPLER;
  if ((KNOWN as readonly string[]).includes(raw)) return raw as SamplerName;
  warn(
    `OTEL_TRACES_SAMPLER=${raw} is not a sampler this suite knows; using ${DEFAULT_SAMPLER}. ` +
      `Set it to one of ${KNOWN.join(', ')}.`,
  );
  return DEFAULT_SAMPLER;
}

/** OTEL_TRACES_SAMPLER_ARG as a ratio in [0, 1]; blank or invalid is 1.0, as in the SDK. */
export function samplerRatio(env: NodeJS.ProcessEnv, warn: Warn = warnOnStderr): number {
  const raw = envValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  if (raw === undefined) return 1;
  const ratio = Number(raw);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return ratio;
  warn(`OTEL_TRACES_SAMPLER_ARG=${raw} is not a ratio; set a number from 0 to 1. Using 1.`);
  return 1;
}

export function jaegerRemoteArg(
  env: NodeJS.ProcessEnv,
  warn: Warn = warnOnStderr,
): JaegerRemoteArg {
  const result = { ...DEFAULT_JAEGER_REMOTE };
  const raw = envValue(env, 'OTEL_TRACES_SAMPLER_ARG');
  for (const pair of raw?.split(',') ?? []) {
    const [key = '', ...rest] = pair.split('=');
    const value = rest.join('=').trim();
    const name = key.trim();
    if (name === 'endpoint' && value) result.endpoint = value;
    else if (name === 'pollingIntervalMs' && Number(value) > 0)
      result.pollingIntervalMs = Number(value);
    else if (name === 'initialSamplingRate' && Number(value) >= 0 && Number(value) <= 1)
      result.initialSamplingRate = Number(value);
    else
      warn(
        `OTEL_TRACES_SAMPLER_ARG entry "${pair}" is not understood for jaeger_remote; ` +
          'use endpoint=<url>,pollingIntervalMs=<ms>,initialSamplingRate=<0..1>',
      );
  }
  return result;
}

/**
 * The sampler the standard variables describe, built exactly as the SDK would build it. The suite
 * builds it itself only so it can wrap it (CorrelationAttributeSampler adds attributes and never
 * changes a decision).
 *
 * jaeger_remote: no @opentelemetry/sampler-jaeger-remote release is on this OpenTelemetry line, so
 * OpenTelemetry services sample at initialSamplingRate, which is what the remote sampler itself does
 * until its first poll succeeds. jaeger-client services poll Jaeger natively (jaeger-sampler.ts).
 */
export function samplerFromEnv(env: NodeJS.ProcessEnv, warn: Warn = warnOnStderr): Sampler {
  const name = samplerName(env, warn);
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(samplerRatio(env, warn));
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({
        root: new TraceIdRatioBasedSampler(samplerRatio(env, warn)),
      });
    case 'jaeger_remote':
    case 'parentbased_jaeger_remote': {
      const { initialSamplingRate } = jaegerRemoteArg(env, warn);
      warn(
        `OTEL_TRACES_SAMPLER=${name}: OpenTelemetry services sample at initialSamplingRate=${initialSamplingRate} ` +
          '(no Jaeger remote sampler on this OpenTelemetry line); jaeger-client services poll Jaeger',
      );
      const root = new TraceIdRatioBasedSampler(initialSamplingRate);
      return name === 'jaeger_remote' ? root : new ParentBasedSampler({ root });
    }
  }
}
