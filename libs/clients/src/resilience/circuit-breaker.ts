import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { DownstreamError } from '../downstream-error';
import type { PolicySettings } from './policy-config';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

const NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

export function breakerStateName(state: CircuitState): BreakerState {
  return NAMES[state];
}

function reasonOf(failure: unknown): string {
  const error = (failure as { error?: unknown } | undefined)?.error;
  return error instanceof Error ? error.message : 'isolated by hand';
}

/**
 * One breaker per downstream, shared by every call to it: opens after `breakerFailures` consecutive
 * failed attempts that are the service's fault (timeouts, refused connections, 5xx, broken answers;
 * never 4xx or cancellations), lets one probe through after `breakerHalfOpenMs`, closes when it
 * succeeds. Transitions become events on the span active when they happen (the call that caused
 * them) and warnings in the log.
 */
export function createCircuitBreaker(settings: PolicySettings): CircuitBreakerPolicy {
  const breaker = circuitBreaker(
    handleWhen((error) => error instanceof DownstreamError && error.isServiceFault),
    {
      halfOpenAfter: settings.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(settings.breakerFailures),
    },
  );
  const logger = new Logger(`CircuitBreaker ${settings.service}`);
  const event = (name: string, extra: Record<string, string | number> = {}) =>
    trace.getActiveSpan()?.addEvent(name, { 'app.breaker.service': settings.service, ...extra });

  breaker.onBreak((failure) => {
    const reason = reasonOf(failure);
    event('breaker.opened', {
      'app.breaker.failures': settings.breakerFailures,
      'app.breaker.half_open_after_ms': settings.breakerHalfOpenMs,
      'app.reason': reason,
    });
    logger.warn(
      `opened: calls to ${settings.service} are refused without a request for ${settings.breakerHalfOpenMs} ms (last failure: ${reason})`,
    );
  });
  breaker.onHalfOpen(() => {
    event('breaker.half_open');
    logger.log(`half-open: one probe call to ${settings.service} is let through`);
  });
  breaker.onReset(() => {
    event('breaker.closed');
    logger.log(`closed: ${settings.service} answered the probe, calls flow again`);
  });
  return breaker;
}
