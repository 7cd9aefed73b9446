import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { Request, Response } from 'express';

export const MAX_IN_FLIGHT = Symbol('MAX_IN_FLIGHT');

/**
 * Load shedding at the BFF's front door: past MAX_IN_FLIGHT API requests in flight, a new one is
 * answered 503 at once, before it calls any service. Under overload the BFF then spends its time on
 * requests it can still answer within their budget, instead of queueing every request until all of
 * them miss it and trip the breakers. Health probes and the page are never shed. The count is on
 * the handler span of every API request.
 */
@Injectable()
export class LoadSheddingGuard implements CanActivate {
  private inFlight = 0;

  constructor(@Inject(MAX_IN_FLIGHT) private readonly limit: number) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.limit <= 0) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (!req.path.startsWith('/api/')) return true;
    const span = trace.getActiveSpan();
    span?.setAttribute('app.bff.in_flight', this.inFlight);
    if (this.inFlight >= this.limit) {
      span?.addEvent('load shed', { 'app.bff.max_in_flight': this.limit });
      http.getResponse<Response>().setHeader('retry-after', '1');
      throw new ServiceUnavailableException(
        `The BFF is at its limit of ${this.limit} requests in flight (MAX_IN_FLIGHT), so this one was shed before it called any service; retry after 1 s`,
      );
    }
    this.inFlight++;
    http.getResponse<Response>().once('close', () => this.inFlight--);
    return true;
  }
}
