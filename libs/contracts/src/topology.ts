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
  /** Remote sampling strategies, GET /sampling?service=<name> (jaeger-client's `remote` sampler). */
  samplingHttp: 5778,
} as const;

/**
 * Jaeger's Monitor tab: Prometheus, and the Prometheus exporter of the spanmetrics connector (in the
 * tail-sampling tier when it is on, else in the storing Jaeger) that it scrapes.
 */
export const MONITOR_PORTS = {
  prometheus: 9090,
  spanmetrics: 8889,
} as const;

/**
 * The tail-sampling tier (`TAIL_SAMPLING=on` for npm start): the tier takes the receiving ports of
 * JAEGER_PORTS (4317, 4318, 14268), so the services need no change, and the storing Jaeger behind it
 * receives on these instead; its UI, query API and health port stay where they were.
 */
export const TAIL_SAMPLING_PORTS = {
  collectorHealth: 13134,
  storeOtlpGrpc: 4327,
  storeOtlpHttp: 4328,
  storeThriftHttp: 14278,
  storeThriftCompact: 6841,
  storeThriftBinary: 6842,
} as const;

/**
 * `x-deadline-ms: <ms>`: how many milliseconds the caller will still wait for the answer, measured
 * when the request leaves. Relative rather than an absolute time, so clocks of different hosts never
 * need to agree; the receiver turns it into its own deadline on arrival.
 */
export const DEADLINE_HEADER = 'x-deadline-ms';
