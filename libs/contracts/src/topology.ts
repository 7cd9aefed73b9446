// Where everything listens by default, and the header names every hop agrees on: the one ports table.

/** The five processes of the suite, in start order (dependencies first). */
export const SERVICES = [
  { name: 'user-service', defaultPort: 3001, urlVariable: 'USER_SERVICE_URL' },
  { name: 'order-service', defaultPort: 3002, urlVariable: 'ORDER_SERVICE_URL' },
  { name: 'loyalty-service', defaultPort: 3003, urlVariable: 'LOYALTY_SERVICE_URL' },
  { name: 'recommendation-service', defaultPort: 3004, urlVariable: 'RECOMMENDATION_SERVICE_URL' },
  { name: 'bff', defaultPort: 3000, urlVariable: 'BFF_URL' },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((s) => s.name);

export const DEFAULT_PORTS = Object.fromEntries(
  SERVICES.map((s) => [s.name, s.defaultPort]),
) as Record<ServiceName, number>;

/** The service's default address on this machine, e.g. http://127.0.0.1:3001. */
export const defaultUrl = (name: ServiceName): string => `http://127.0.0.1:${DEFAULT_PORTS[name]}`;

/** Jaeger's ports (the contract's defaults). */
export const JAEGER_PORTS = {
  query: 16686,
  queryGrpc: 16685,
  otlpGrpc: 4317,
  otlpHttp: 4318,
  thriftHttp: 14268,
  thriftCompact: 6831,
  thriftBinary: 6832,
  health: 13133,
} as const;

/**
 * `x-deadline-ms: <ms>`: how many milliseconds the caller will still wait for the answer, measured
 * when the request leaves. Relative rather than an absolute time, so clocks of different hosts never
 * need to agree; the receiver turns it into its own deadline on arrival.
 */
export const DEADLINE_HEADER = 'x-deadline-ms';
