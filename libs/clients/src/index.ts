export { LoyaltyClient, LoyaltyLedger } from './loyalty-client';
export { OrderClient, OrderStore } from './order-client';
export { RecommendationClient, Recommender } from './recommendation-client';
export { UserClient, UserDirectory } from './user-client';
export {
  CONNECTION_POOL,
  ClientsModule,
  downstreamPolicyToken,
  type ClientsOptions,
} from './clients.module';
export { DownstreamError, type DownstreamFailure } from './downstream-error';
export { ConnectionPool } from './http/connection-pool';
export { HttpJsonClient } from './http/http-json-client';
export { type CallOptions, type DownstreamConfig, type JsonCall } from './http/json-call';
export {
  DownstreamPolicy,
  type AttemptPlan,
  type AttemptScope,
  type PolicyRunOptions,
} from './resilience/downstream-policy';
export { type BreakerState } from './resilience/circuit-breaker';
export {
  POLICY_DEFAULTS,
  policySettings,
  type Downstream,
  type PolicySettings,
} from './resilience/policy-config';
export { warmDownstreams } from './http/keep-alive-transport';
