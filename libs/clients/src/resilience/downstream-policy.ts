import { trace } from '@opentelemetry/api';
import { scenarios } from '@suite/contracts';
import {
  ExponentialBackoff,
  bulkhead,
  decorrelatedJitterGenerator,
  noJitterGenerator,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  retry,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { DownstreamError } from '../downstream-error';
import { breakerStateName, createCircuitBreaker, type BreakerState } from './circuit-breaker';
import type { Deadline } from './deadline';
import type { PolicySettings } from './policy-config';

/** What one attempt of a call is told by the policy. */
export interface AttemptPlan {
  /** 0 for the first try, 1 for the first retry, ... */
  number: number;
  /** The backoff waited before this attempt (0 for the first). */
  delayMs: number;
  /**
   * Sends through the bulkhead and the breaker. Call it inside the attempt's span: breaker
   * transitions and rejections are recorded on the active span. Rejections are DownstreamErrors
   * (`circuit-open`, `bulkhead-full`) raised without any request.
   */
  admit<T>(send: () => Promise<T>): Promise<T>;
}

export interface PolicyRunOptions {
  /** GET: safe to repeat, so transient failures are retried. Writes never are. */
  idempotent: boolean;
  /** A retry needs at least the largest backoff left in the budget, or it is not worth starting. */
  deadline?: Deadline;
  signal?: AbortSignal;
}

/**
 * The resilience policy of one downstream, composed from cockatiel (https://github.com/connor4312/cockatiel,
 * typed, dependency-free, AbortSignal-based), from the outside in:
 *
 *   retry (idempotent calls only, exponential backoff with decorrelated jitter)
 *     -> bulkhead (bounded in-flight calls + small queue, per downstream)
 *       -> circuit breaker (shared per downstream)
 *         -> one attempt = one HTTP call = one CLIENT span, with its own timeout (in HttpJsonClient)
 *
 * Retrying outside the breaker makes every attempt count towards opening it, and stops a retry loop
 * as soon as it opens. The bulkhead holds a slot only while an attempt is in flight, not during backoff.
 */
export class DownstreamPolicy {
  readonly breaker: CircuitBreakerPolicy;
  readonly bulkhead: BulkheadPolicy;

  /** SCENARIO_RETRY_JITTER (libs/contracts/src/scenarios.ts): on unless the storm is asked for. */
  readonly jitter: boolean;

  constructor(
    readonly settings: PolicySettings,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.jitter = scenarios(env).retryJitter;
    this.breaker = createCircuitBreaker(settings);
    this.bulkhead = bulkhead(settings.bulkheadLimit, settings.bulkheadQueue);
  }

  get breakerState(): BreakerState {
    return breakerStateName(this.breaker.state);
  }

  run<T>(options: PolicyRunOptions, attempt: (plan: AttemptPlan) => Promise<T>): Promise<T> {
    const { settings } = this;
    let delayMs = 0;
    // A retry policy per call (cheap, stateless): its filter and event see this call's deadline.
    const retries = retry(
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
    retries.onRetry(({ delay }) => (delayMs = Math.round(delay)));
    return retries.execute(
      ({ attempt: number }) =>
        attempt({
          number,
          delayMs: number === 0 ? 0 : delayMs,
          admit: (send) => this.admit(send, options.signal),
        }),
      options.signal,
    );
  }

  private worthRetrying(error: unknown, deadline: Deadline | undefined): boolean {
    if (!(error instanceof DownstreamError) || !error.isTransient) return false;
    return !deadline?.bounded || deadline.remainingMs() > this.settings.retryMaxMs;
  }

  private async admit<T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await this.bulkhead.execute(
        () =>
          this.breaker.execute(() => {
            // The state that let this attempt through: `half-open` marks the probe.
            trace.getActiveSpan()?.setAttribute('app.breaker.state', this.breakerState);
            return send();
          }, signal),
        signal,
      );
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    const { service } = this.settings;
    const span = trace.getActiveSpan();
    if (isBrokenCircuitError(error)) {
      span?.setAttribute('app.breaker.state', this.breakerState);
      span?.addEvent('breaker.rejected', { 'app.breaker.service': service });
      const last = (this.breaker.lastFailure as { error?: unknown } | undefined)?.error;
      return new DownstreamError(
        service,
        'circuit-open',
        `${service} is failing, so its circuit breaker is open and the call was not sent (last failure: ${last instanceof Error ? last.message : 'unknown'}); it is probed again every ${this.settings.breakerHalfOpenMs} ms`,
        undefined,
        { cause: error },
      );
    }
    if (isBulkheadRejectedError(error)) {
      span?.addEvent('bulkhead.rejected', {
        'app.bulkhead.limit': this.settings.bulkheadLimit,
        'app.bulkhead.queue': this.settings.bulkheadQueue,
      });
      return new DownstreamError(
        service,
        'bulkhead-full',
        `${service} already has ${this.settings.bulkheadLimit} calls in flight and ${this.settings.bulkheadQueue} waiting, so this one was refused at once; raise its _BULKHEAD_LIMIT / _BULKHEAD_QUEUE if this is normal load`,
        undefined,
        { cause: error },
      );
    }
    if (isTaskCancelledError(error)) {
      return new DownstreamError(
        service,
        'aborted',
        `call to ${service} was cancelled`,
        undefined,
        {
          cause: error,
        },
      );
    }
    return error;
  }
}
