export * from './clients';
export {
  ClientsModule,
  downstreamConfig,
  downstreamPolicy,
  type Downstream,
} from './clients.module';
export { DownstreamError, type DownstreamFailure } from './downstream-error';
export {
  HttpJsonClient,
  type CallOptions,
  type DownstreamConfig,
  type JsonCall,
} from './http-json-client';
export {
  DEADLINE_HEADER,
  Deadline,
  contextWithDeadline,
  deadlineFrom,
  parseDeadlineHeader,
} from './resilience/deadline';
export {
  DownstreamPolicy,
  type AttemptPlan,
  type PolicyRunOptions,
} from './resilience/downstream-policy';
export { type BreakerState } from './resilience/circuit-breaker';
export { POLICY_DEFAULTS, policySettings, type PolicySettings } from './resilience/policy-config';
