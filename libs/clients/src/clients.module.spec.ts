import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CONNECTION_POOL, ClientsModule, downstreamPolicyToken } from './clients.module';
import type { ConnectionPool } from './http/connection-pool';
import { LoyaltyLedger } from './loyalty-client';
import type { DownstreamPolicy } from './resilience/downstream-policy';

@Injectable()
class Dashboard {
  constructor(
    @Inject(LoyaltyLedger) readonly loyalty: LoyaltyLedger,
    @Inject(downstreamPolicyToken('loyalty')) readonly policy: DownstreamPolicy,
  ) {}
}
@Module({ providers: [Dashboard] })
class DashboardModule {}

@Injectable()
class Outbox {
  constructor(@Inject(downstreamPolicyToken('loyalty')) readonly policy: DownstreamPolicy) {}
}
@Module({ providers: [Outbox] })
class OutboxModule {}

function app(env: NodeJS.ProcessEnv = {}) {
  @Module({
    imports: [
      ClientsModule.forRoot({
        downstreams: ['loyalty'],
        scenarios: { connectionLimit: 2, retryJitter: false },
        env,
      }),
      DashboardModule,
      OutboxModule,
    ],
  })
  class AppModule {}
  return NestFactory.createApplicationContext(AppModule, { logger: false });
}

describe('ClientsModule.forRoot', () => {
  it('gives every module of an app the same policy per downstream, built from its settings', async () => {
    const context = await app({ LOYALTY_SERVICE_TIMEOUT_MS: '321' });
    const dashboard = context.get(Dashboard);
    assert.equal(dashboard.policy, context.get(Outbox).policy, 'one breaker for loyalty-service');
    assert.equal(dashboard.policy.settings.timeoutMs, 321);
    assert.equal(dashboard.policy.jitter, false);
    assert.equal(context.get<ConnectionPool>(CONNECTION_POOL).concurrency, 2);
    assert.throws(() => context.get(downstreamPolicyToken('user')), 'only the listed downstreams');
    await context.close();
  });

  it('keeps no state between apps: each one starts with closed breakers of its own', async () => {
    const [first, second] = await Promise.all([app(), app()]);
    assert.notEqual(first.get(Outbox).policy, second.get(Outbox).policy);
    await Promise.all([first.close(), second.close()]);
  });
});
