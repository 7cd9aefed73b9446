import { trace } from '@opentelemetry/api';
import type { Deadline } from '@suite/correlation';
import {
  ExponentialBackoff,
  bulkhead,
  decorrelatedJitterGenerator,
  handleWhen,
  noJitterGenerator,
  retry,
  wrap,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { DownstreamError } from '../downstream-error';
import { breakerStateName, createCircuitBreaker, type BreakerState } from './circuit-breaker';
import { layer, refusalsAsDownstreamErrors } from './policy-layers';
import type { PolicySettings } from './policy-config';

/** One attempt of a call, as the policy starts it. */
export interface AttemptPlan {
  /** 0 for the first try, 1 for the first retry, ... */
  number: number;
  /** The backoff waited before this attempt (0 for the first). */
  delayMs: number;
}

/** Runs one attempt (`run`) inside whatever the caller keeps per attempt: HttpJsonClient's CLIENT span. */
export type AttemptScope = <T>(plan: AttemptPlan, run: () => Promise<T>) => Promise<T>;

export interface PolicyRunOptions {
  /** GET: safe to repeat, so transient failures are retried. Writes never are. */
  idempotent: boolean;
  /** A retry needs at least the largest backoff left in the budget, or it is not worth starting. */
  deadline?: Deadline;
  signal?: AbortSignal;
}

/**
 * The resilience policy of one downstream, composed from cockatiel (typed, dependency-free,
 * AbortSignal-based) with `wrap`, from the outside in:
 *
 *   retry (per call: idempotent calls only, exponential backoff, decorrelated jitter, deadline-aware)
 *     -> attempt scope (per call: one attempt = one CLIENT span, with its own timeout)
 *       -> refusals as DownstreamErrors (circuit-open, bulkhead-full, aborted) on that span
 *         -> bulkhead (bounded in-flight calls + small queue, shared per downstream)
 *           -> circuit breaker (shared per downstream)
 *             -> send: one HTTP exchange
 *
 * Retrying outside the breaker makes every attempt count towards opening it, and stops a retry loop
 * as soon as it opens. The bulkhead holds a slot only while an attempt is in flight, not during backoff.
 */
export class DownstreamPolicy {
  readonly breaker: CircuitBreakerPolicy;
  readonly bulkhead: BulkheadPolicy;

  constructor(
    readonly settings: PolicySettings,
    /** SCENARIO_RETRY_JITTER: on unless the retry storm is asked for. */
    readonly jitter = true,
  ) {
    this.breaker = createCircuitBreaker(settings);
    this.bulkhead = bulkhead(settings.bulkheadLimit, settings.bulkheadQueue);
  }

  get breakerState(): BreakerState {
    return breakerStateName(this.breaker.state);
  }

  run<T>(options: PolicyRunOptions, scope: AttemptScope, send: () => Promise<T>): Promise<T> {
    const retries = this.retryPolicy(options);
    let number = 0;
    let delayMs = 0;
    retries.onRetry(({ delay }) => (delayMs = Math.round(delay)));
    const attempts = layer((fn, signal) => {
      const plan = { number, delayMs: number === 0 ? 0 : delayMs };
      number++;
      return scope(plan, async () => fn({ signal }));
    });
    const policy = wrap(
      retries,
      attempts,
      refusalsAsDownstreamErrors(this),
      this.bulkhead,
      this.breaker,
    );
    return policy.execute(() => {
      // The state that let this attempt through: `half-open` marks the probe.
      trace.getActiveSpan()?.setAttribute('app.breaker.state', this.breakerState);
      return send();
    }, options.signal);
  }

  /** A retry policy per call (cheap, stateless): its filter and its delays belong to this call. */
  private retryPolicy(options: PolicyRunOptions): RetryPolicy {
    const { settings } = this;
    return retry(
      handleWhen((error) => this.worthRetrying(error, options.deadline)),
      {
        maxAttempts: options.idempotent ? settings.retries : 0,
        // Scenario 4 (retry storm): without jitter every caller retries at the same instants.
        backoff: this.jitter
          ? new ExponentialBackoff({
              initialDelay: settings.retryBaseMs,
              maxDelay: settings.retryMaxMs,
              generator: decorrelatedJitterGenerator,
            })
          : new ExponentialBackoff({
              initialDelay: settings.retryBaseMs,
              maxDelay: settings.retryMaxMs,
              generator: noJitterGenerator,
            }),
      },
    );
  }

  private worthRetrying(error: unknown, deadline: Deadline | undefined): boolean {
    if (!(error instanceof DownstreamError) || !error.isTransient) return false;
    return !deadline?.bounded || deadline.remainingMs() > this.settings.retryMaxMs;
  }
}
