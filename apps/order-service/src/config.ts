import { DEFAULT_PORTS } from '@suite/contracts';
import { envInt, envString, latencyProfiles } from '@suite/service-kit';

/**
 * Every knob of order-service. Latency overrides: LATENCY (all endpoints) or LATENCY_<ENDPOINT>,
 * e.g. LATENCY_ORDERS_LIST=lognormal:40:150, LATENCY=off.
 */
export const config = {
  serviceName: 'order-service',
  port: envInt('PORT', DEFAULT_PORTS['order-service']),
  host: envString('HOST', '127.0.0.1'),
  latency: latencyProfiles({
    'orders.list': { kind: 'lognormal', medianMs: 40, p99Ms: 150 },
    // One order by id: what the N+1 scenario calls once per order.
    'orders.get': { kind: 'lognormal', medianMs: 20, p99Ms: 80 },
    'orders.create': { kind: 'lognormal', medianMs: 30, p99Ms: 120 },
    'products.list': { kind: 'fixed', ms: 5 },
  }),
};
