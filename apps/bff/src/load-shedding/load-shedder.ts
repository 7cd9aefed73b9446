import type { IncomingMessage, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { answerAtFrontDoor } from '@suite/service-kit';
import type { Logger } from 'pino';

/**
 * Load shedding at the BFF's front door: past `limit` API requests in flight, a new one is answered
 * 503 with Retry-After at once, before express, Nest or any service call. Under overload the BFF
 * then spends its time on requests it can still answer within their budget, instead of queueing
 * every request until all of them miss it; and a refusal costs microseconds, so a burst of
 * thousands is answered in full. Health probes and the page are never shed. The count in flight is
 * on the server span of every API request.
 */
export class LoadShedder {
  private inFlight = 0;

  constructor(
    readonly limit: number,
    private readonly logger?: Logger,
  ) {}

  get current(): number {
    return this.inFlight;
  }

  /** The FrontDoor: true lets the request through, false means it was answered with a 503. */
  readonly admit = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!req.url?.startsWith('/api/')) return true;
    const span = trace.getActiveSpan();
    span?.setAttribute('app.bff.in_flight', this.inFlight);
    if (this.inFlight >= this.limit) {
      span?.addEvent('load shed', { 'app.bff.max_in_flight': this.limit });
      const correlationId = answerAtFrontDoor(
        req,
        res,
        503,
        'Service Unavailable',
        `The BFF is at its limit of ${this.limit} requests in flight (MAX_IN_FLIGHT), so this one was shed before it called any service; retry after 1 s`,
        { 'retry-after': '1' },
      );
      this.logger?.warn(
        { correlation_id: correlationId, req: { method: req.method, url: req.url } },
        'request shed (503)',
      );
      return false;
    }
    this.inFlight++;
    res.once('close', () => this.inFlight--);
    return true;
  };
}
