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

/** The parts of jaeger-client's RemoteControlledSampler that adaptRemoteSampler adjusts. */
interface RemoteSamplerInternals {
  name(): string;
  _maxOperations: number;
  _handleSamplingServerResponse(body: string): void;
}

const STRATEGY_TYPES = ['PROBABILISTIC', 'RATE_LIMITING'];

/**
 * Two gaps between jaeger-client 3.x and Jaeger v2's sampling endpoint, closed on the tracer's
 * remote sampler (no-op for any other sampler):
 * - Jaeger v2 answers `strategyType` as a number (0, 1); jaeger-client compares it with the names
 *   and would drop every answer without per-operation strategies as malformed.
 * - jaeger-client gives each operation, the first time it sees it, a sampler at the service's rate
 *   of that moment and moves it later only if the strategies name that operation: a new rate for
 *   the service would reach only operations not seen yet. Without that seeding (maxOperations 0),
 *   operations the strategies don't name follow the service's current rate.
 */
export function adaptRemoteSampler(tracer: unknown): void {
  const sampler = (tracer as { _sampler?: Partial<RemoteSamplerInternals> })._sampler;
  if (sampler?.name?.() !== 'RemoteSampler' || !sampler._handleSamplingServerResponse) return;
  const remote = sampler as RemoteSamplerInternals;
  remote._maxOperations = 0;
  const handle = remote._handleSamplingServerResponse.bind(remote);
  remote._handleSamplingServerResponse = (body: string) => {
    let parsed: { strategyType?: unknown } | undefined;
    try {
      parsed = JSON.parse(body) as { strategyType?: unknown };
    } catch {
      // jaeger-client reports the unparsable body itself.
    }
    if (typeof parsed?.strategyType === 'number') {
      const name = STRATEGY_TYPES[parsed.strategyType];
      if (name) return handle(JSON.stringify({ ...parsed, strategyType: name }));
    }
    handle(body);
  };
}
