import {
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import type { Scenarios } from '@suite/contracts';
import { ConnectionPool } from './http/connection-pool';
import { warmDownstreams } from './http/keep-alive-transport';
import type { DownstreamConfig } from './http/json-call';
import { LoyaltyClient, LoyaltyLedger } from './loyalty-client';
import { OrderClient, OrderStore } from './order-client';
import { RecommendationClient, Recommender } from './recommendation-client';
import { DownstreamPolicy } from './resilience/downstream-policy';
import { policySettings, type Downstream } from './resilience/policy-config';
import { UserClient, UserDirectory } from './user-client';

export interface ClientsOptions {
  /** The downstreams this app calls: one typed client and one resilience policy each. */
  downstreams: Downstream[];
  /** The client scenario switches, read by the app's config (service-kit's scenarios()). */
  scenarios: Pick<Scenarios, 'connectionLimit' | 'retryJitter'>;
  /** Where policySettings reads the `<SERVICE>_*` knobs; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** Scenario 3's shared pool (ConnectionPool), or null when SCENARIO_CONNECTION_LIMIT is 0. */
export const CONNECTION_POOL = Symbol('CONNECTION_POOL');

const POLICIES: Record<Downstream, symbol> = {
  user: Symbol('DownstreamPolicy user-service'),
  orders: Symbol('DownstreamPolicy order-service'),
  loyalty: Symbol('DownstreamPolicy loyalty-service'),
  recommendations: Symbol('DownstreamPolicy recommendation-service'),
};

/** The injection token of a downstream's DownstreamPolicy. */
export function downstreamPolicyToken(downstream: Downstream): symbol {
  return POLICIES[downstream];
}

const CLIENTS: Record<
  Downstream,
  { token: abstract new () => unknown; create: (config: DownstreamConfig) => unknown }
> = {
  user: { token: UserDirectory, create: (config) => new UserClient(config) },
  orders: { token: OrderStore, create: (config) => new OrderClient(config) },
  loyalty: { token: LoyaltyLedger, create: (config) => new LoyaltyClient(config) },
  recommendations: { token: Recommender, create: (config) => new RecommendationClient(config) },
};

/**
 * The typed clients of an app's downstreams (UserDirectory, OrderStore, LoyaltyLedger, Recommender),
 * registered once in the app module and available to every module of the app. Each downstream has
 * one DownstreamPolicy for the whole app: the dashboard, the checkout and the outbox worker share
 * loyalty-service's breaker and bulkhead, so they see the same picture of its health. Every knob of
 * every policy is in resilience/policy-config.ts.
 */
@Module({})
export class ClientsModule implements OnApplicationBootstrap {
  /**
   * Before the app listens (so before it reports ready): a few keep-alive connections to each
   * downstream, so the first traces after start show no connection set-up or cold client code.
   */
  async onApplicationBootstrap(): Promise<void> {
    await warmDownstreams(4);
  }

  static forRoot(options: ClientsOptions): DynamicModule {
    const env = options.env ?? process.env;
    const downstreams = [...new Set(options.downstreams)];
    const { connectionLimit, retryJitter } = options.scenarios;
    const providers: Provider[] = [
      {
        provide: CONNECTION_POOL,
        useFactory: () => (connectionLimit > 0 ? new ConnectionPool(connectionLimit) : null),
      },
    ];
    for (const downstream of downstreams) {
      providers.push(
        {
          provide: POLICIES[downstream],
          useFactory: () => new DownstreamPolicy(policySettings(downstream, env), retryJitter),
        },
        {
          provide: CLIENTS[downstream].token,
          inject: [POLICIES[downstream], CONNECTION_POOL],
          useFactory: (policy: DownstreamPolicy, pool: ConnectionPool | null) =>
            CLIENTS[downstream].create({
              url: policy.settings.url,
              timeoutMs: policy.settings.timeoutMs,
              policy,
              ...(pool ? { pool } : {}),
            }),
        },
      );
    }
    return {
      module: ClientsModule,
      global: true,
      providers,
      exports: downstreams.flatMap((d) => [POLICIES[d], CLIENTS[d].token]),
    };
  }
}
