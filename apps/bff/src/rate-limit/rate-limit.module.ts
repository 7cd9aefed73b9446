import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { config } from '../config';
import { RATE_LIMIT_BUCKETS, RateLimitGuard } from './rate-limit.guard';
import { TokenBuckets } from './token-buckets';

/** The BFF's per-client rate limit (RATE_LIMIT_RPS, RATE_LIMIT_BURST; RATE_LIMIT_RPS=0 turns it off). */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_BUCKETS,
      useFactory: () =>
        config.rateLimit.rps > 0
          ? new TokenBuckets(config.rateLimit.rps, Math.max(1, config.rateLimit.burst))
          : null,
    },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class RateLimitModule {}
