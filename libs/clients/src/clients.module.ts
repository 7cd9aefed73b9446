import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import {
  LoyaltyClient,
  LoyaltyLedger,
  OrderClient,
  OrderStore,
  RecommendationClient,
  Recommender,
  UserClient,
  UserDirectory,
} from './clients';
import type { DownstreamConfig } from './http-json-client';

export type Downstream = 'user' | 'orders' | 'loyalty' | 'recommendations';

const DEFAULTS: Record<Downstream, { variable: string; url: string; timeoutMs: number }> = {
  user: { variable: 'USER_SERVICE', url: 'http://127.0.0.1:3001', timeoutMs: 1000 },
  orders: { variable: 'ORDER_SERVICE', url: 'http://127.0.0.1:3002', timeoutMs: 1000 },
  loyalty: { variable: 'LOYALTY_SERVICE', url: 'http://127.0.0.1:3003', timeoutMs: 800 },
  recommendations: {
    variable: 'RECOMMENDATION_SERVICE',
    url: 'http://127.0.0.1:3004',
    timeoutMs: 2000,
  },
};

/** `<NAME>_URL` and `<NAME>_TIMEOUT_MS`, e.g. ORDER_SERVICE_URL=http://127.0.0.1:3002. */
export function downstreamConfig(downstream: Downstream, env = process.env): DownstreamConfig {
  const { variable, url, timeoutMs } = DEFAULTS[downstream];
  const timeout = Number(env[`${variable}_TIMEOUT_MS`] ?? timeoutMs);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new Error(
      `${variable}_TIMEOUT_MS must be a positive whole number of milliseconds, e.g. ${timeoutMs}`,
    );
  }
  return { url: env[`${variable}_URL`] ?? url, timeoutMs: timeout };
}

const FACTORIES: Record<Downstream, (config: DownstreamConfig) => Provider> = {
  user: (config) => ({ provide: UserDirectory, useValue: new UserClient(config) }),
  orders: (config) => ({ provide: OrderStore, useValue: new OrderClient(config) }),
  loyalty: (config) => ({ provide: LoyaltyLedger, useValue: new LoyaltyClient(config) }),
  recommendations: (config) => ({
    provide: Recommender,
    useValue: new RecommendationClient(config),
  }),
};

/** Provides a typed client for each named downstream, configured from the environment. */
@Module({})
export class ClientsModule {
  static register(downstreams: Downstream[], env = process.env): DynamicModule {
    const providers = downstreams.map((d) => FACTORIES[d](downstreamConfig(d, env)));
    return {
      module: ClientsModule,
      providers,
      exports: providers.map((p) => (p as { provide: unknown }).provide as never),
    };
  }
}
