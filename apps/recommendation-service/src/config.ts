import { DEFAULT_PORTS } from '@suite/contracts';
import { envInt, envString, latencyProfiles, scenarios } from '@suite/service-kit';

/**
 * Every knob of recommendation-service, the long pole of the dashboard by default: it calls
 * order-service (ORDER_SERVICE_URL, ORDER_SERVICE_TIMEOUT_MS) and then scores the catalogue.
 * Latency overrides: LATENCY or LATENCY_RECOMMENDATIONS_SCORE, e.g. =lognormal:60:250.
 */
export const config = {
  serviceName: 'recommendation-service',
  port: envInt('PORT', DEFAULT_PORTS['recommendation-service']),
  host: envString('HOST', '127.0.0.1'),
  /** The guided scenarios' switches: N+1 here, and the client ones (SCENARIO_*, service-kit's scenarios.ts). */
  scenarios: scenarios(),
  /** How many past orders feed the scoring. */
  historyOrders: envInt('RECOMMENDATION_HISTORY_ORDERS', 20),
  latency: latencyProfiles({
    'recommendations.score': { kind: 'lognormal', medianMs: 60, p99Ms: 250 },
  }),
};
