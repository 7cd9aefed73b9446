import { trace } from '@opentelemetry/api';
import {
  isBrokenCircuitError,
  isBulkheadRejectedError,
  isTaskCancelledError,
  noop,
  type IDefaultPolicyContext,
  type IPolicy,
} from 'cockatiel';
import { DownstreamError } from '../downstream-error';
import type { DownstreamPolicy } from './downstream-policy';

type Execute = <T>(
  fn: (context: IDefaultPolicyContext) => PromiseLike<T> | T,
  signal: AbortSignal,
) => Promise<T>;

/** A policy of our own for cockatiel's `wrap`: just an execute (no events of its own). */
export function layer(execute: Execute): IPolicy {
  return {
    _altReturn: undefined as never,
    onSuccess: noop.onSuccess,
    onFailure: noop.onFailure,
    execute: <T>(
      fn: (context: IDefaultPolicyContext) => PromiseLike<T> | T,
      signal = new AbortController().signal,
    ) => execute(fn, signal),
  };
}

/**
 * Turns cockatiel's refusals (breaker open, bulkhead full, cancelled) into DownstreamErrors that say
 * what happened and what to do, recorded on the active (attempt) span.
 */
export function refusalsAsDownstreamErrors(policy: DownstreamPolicy): IPolicy {
  return layer(async (fn, signal) => {
    try {
      return await fn({ signal });
    } catch (error) {
      throw refusal(policy, error);
    }
  });
}

function refusal(policy: DownstreamPolicy, error: unknown): unknown {
  const { service, breakerHalfOpenMs, bulkheadLimit, bulkheadQueue } = policy.settings;
  const span = trace.getActiveSpan();
  if (isBrokenCircuitError(error)) {
    span?.setAttribute('app.breaker.state', policy.breakerState);
    span?.addEvent('breaker.rejected', { 'app.breaker.service': service });
    const last = (policy.breaker.lastFailure as { error?: unknown } | undefined)?.error;
    return new DownstreamError(
      service,
      'circuit-open',
      `${service} is failing, so its circuit breaker is open and the call was not sent (last failure: ${last instanceof Error ? last.message : 'unknown'}); it is probed again every ${breakerHalfOpenMs} ms`,
      undefined,
      { cause: error },
    );
  }
  if (isBulkheadRejectedError(error)) {
    span?.addEvent('bulkhead.rejected', {
      'app.bulkhead.limit': bulkheadLimit,
      'app.bulkhead.queue': bulkheadQueue,
    });
    return new DownstreamError(
      service,
      'bulkhead-full',
      `${service} already has ${bulkheadLimit} calls in flight and ${bulkheadQueue} waiting, so this one was refused at once; raise its _BULKHEAD_LIMIT / _BULKHEAD_QUEUE if this is normal load`,
      undefined,
      { cause: error },
    );
  }
  if (isTaskCancelledError(error)) {
    return new DownstreamError(service, 'aborted', `call to ${service} was cancelled`, undefined, {
      cause: error,
    });
  }
  return error;
}
