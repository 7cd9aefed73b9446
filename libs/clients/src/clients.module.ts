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
import { DownstreamPolicy } from './resilience/downstream-policy';
import { policySettings, type Downstream } from './resilience/policy-config';

export type { Downstream } from './resilience/policy-config';

// One policy per downstream per process: every module's client of loyalty-service shares its breaker
// and bulkhead, so the dashboard, the checkout and the outbox see the same picture of its health.
const policies = new Map<Downstream, DownstreamPolicy>();

export function downstreamPolicy(downstream: Downstream, env = process.env): DownstreamPolicy {
  let policy = policies.get(downstream);
  if (!policy) {
    policy = new DownstreamPolicy(policySettings(downstream, env), env);
    policies.set(downstream, policy);
  }
  return policy;
}

/** Address, timeout and shared policy of a downstream; every knob is in resilience/policy-config.ts. */
export function downstreamConfig(downstream: Downstream, env = process.env): DownstreamConfig {
  const policy = downstreamPolicy(downstream, env);
  return { url: policy.settings.url, timeoutMs: policy.settings.timeoutMs, policy };
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
