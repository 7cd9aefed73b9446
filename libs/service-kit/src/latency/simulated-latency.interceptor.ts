import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import { requestContext } from '@suite/correlation';
import { from, switchMap, type Observable } from 'rxjs';
import { sampleLatencyMs, type LatencyProfile } from './latency-profile';

export const LATENCY_PROFILES = Symbol('LATENCY_PROFILES');
const LATENCY_ENDPOINT = 'suite:latency-endpoint';

/** Marks a handler with the latency profile it simulates (keys of the service's config file). */
export const SimulatedLatency = (endpoint: string) => SetMetadata(LATENCY_ENDPOINT, endpoint);

/** Waits as long as the endpoint's profile draws, and says so on the span: a trace never hides a fake. */
@Injectable()
export class SimulatedLatencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(LATENCY_PROFILES) private readonly profiles: Record<string, LatencyProfile>,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const endpoint = this.reflector.get<string | undefined>(
      LATENCY_ENDPOINT,
      execution.getHandler(),
    );
    const profile = endpoint ? this.profiles[endpoint] : undefined;
    const ms = profile ? sampleLatencyMs(profile) : 0;
    if (ms <= 0) return next.handle();
    trace.getActiveSpan()?.addEvent('simulated latency', {
      'app.latency.endpoint': endpoint,
      'app.latency.ms': ms,
      'app.latency.profile': JSON.stringify(profile),
    });
    // Stops at the request's deadline (or when the client hangs up): a fake wait is work too.
    const signal = requestContext().deadline?.signal;
    return from(sleep(ms, undefined, signal ? { signal } : {})).pipe(
      switchMap(() => next.handle()),
    );
  }
}
