import { envValue, warnOnStderr, type Warn } from '../env/process-env';
import { jaegerRemoteArg, samplerName, samplerRatio } from '../env/sampler';

/** jaeger-client's `sampler` configuration (its schema; the @types leave it loose). */
export interface JaegerSamplerConfig {
  type: 'const' | 'probabilistic' | 'ratelimiting' | 'remote';
  param: number;
  hostPort?: string;
  refreshIntervalMs?: number;
}

/**
 * The sampler of a jaeger-client service. JAEGER_SAMPLER_TYPE set: jaeger-client's own variables
 * decide, as in any jaeger-client service. Unset: the fleet's OTEL_TRACES_SAMPLER/ARG, mapped, so the
 * legacy service starts traces with the same policy as the others.
 *
 * Only the root decision is the sampler's: jaeger-client continues a caller's trace with the caller's
 * sampled flag (B3 `x-b3-sampled` or `uber-trace-id` flags), whatever the sampler, so it behaves as
 * the parentbased_* samplers do; a plain `traceidratio` or `always_*` has no non-parent-based
 * equivalent there.
 */
export function jaegerSamplerConfig(
  env: NodeJS.ProcessEnv = process.env,
  warn: Warn = warnOnStderr,
): JaegerSamplerConfig | undefined {
  // undefined: jaeger-client reads JAEGER_SAMPLER_TYPE/PARAM/MANAGER_HOST_PORT/... itself.
  if (envValue(env, 'JAEGER_SAMPLER_TYPE') !== undefined) return undefined;
  const name = samplerName(env, warn);
  switch (name) {
    case 'always_on':
    case 'parentbased_always_on':
      return { type: 'const', param: 1 };
    case 'always_off':
    case 'parentbased_always_off':
      return { type: 'const', param: 0 };
    case 'traceidratio':
    case 'parentbased_traceidratio':
      return { type: 'probabilistic', param: samplerRatio(env, warn) };
    case 'jaeger_remote':
    case 'parentbased_jaeger_remote': {
      const remote = jaegerRemoteArg(env, () => undefined);
      // jaeger-client asks GET <hostPort>/sampling?service=<name>, which Jaeger's remote_sampling
      // serves. Its own JAEGER_SAMPLER_MANAGER_HOST_PORT / _REFRESH_INTERVAL stay in charge when set.
      return {
        type: 'remote',
        param: remote.initialSamplingRate,
        hostPort: envValue(env, 'JAEGER_SAMPLER_MANAGER_HOST_PORT') ?? remote.endpoint,
        refreshIntervalMs:
          positive(envValue(env, 'JAEGER_SAMPLER_REFRESH_INTERVAL')) ?? remote.pollingIntervalMs,
      };
    }
  }
}

function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}
