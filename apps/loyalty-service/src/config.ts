import { DEFAULT_PORTS } from '@suite/contracts';
import { envInt, envString, latencyProfiles } from '@suite/service-kit';

/**
 * Every knob of loyalty-service. Latency overrides: LATENCY (all endpoints) or LATENCY_<ENDPOINT>,
 * e.g. LATENCY_POINTS_GET=fixed:300 to make loyalty the long pole.
 */
export const config = {
  serviceName: 'loyalty-service',
  port: envInt('PORT', DEFAULT_PORTS['loyalty-service']),
  host: envString('HOST', '127.0.0.1'),
  /** Points earned per unit bought. */
  pointsPerItem: envInt('POINTS_PER_ITEM', 10),
  latency: latencyProfiles({
    'points.get': { kind: 'lognormal', medianMs: 10, p99Ms: 40 },
    'accruals.create': { kind: 'lognormal', medianMs: 20, p99Ms: 80 },
  }),
};
