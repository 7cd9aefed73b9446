import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { TokenBuckets } from './token-buckets';

export const RATE_LIMIT_BUCKETS = Symbol('RATE_LIMIT_BUCKETS');

/**
 * Per-client rate limit of the BFF: the client is the socket's peer address (X-Forwarded-For is not
 * trusted: anyone can send it). Health probes are exempt, so a flood never makes the BFF look dead.
 * Over the limit: 429, Retry-After and the suite's JSON error body (the filter puts it on the span).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(@Inject(RATE_LIMIT_BUCKETS) private readonly buckets: TokenBuckets | null) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.buckets) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    if (req.path.startsWith('/health/')) return true;
    const result = this.buckets.take(req.socket.remoteAddress ?? 'unknown');
    if (result.allowed) return true;
    http.getResponse<Response>().setHeader('retry-after', String(result.retryAfterS));
    throw new HttpException(
      {
        message: `Too many requests from this client: the BFF allows ${this.buckets.ratePerS} per second (bursts of ${this.buckets.burst}); retry after ${result.retryAfterS} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
