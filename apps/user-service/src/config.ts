import { DEFAULT_PORTS } from '@suite/contracts';
import { envInt, envString, latencyProfiles } from '@suite/service-kit';

/**
 * Every knob of user-service. Latency overrides: LATENCY (all endpoints) or LATENCY_<ENDPOINT>,
 * e.g. LATENCY_USERS_GET=lognormal:15:60, LATENCY=off, LATENCY_USERS_GET=fixed:200.
 */
export const config = {
  serviceName: 'user-service',
  port: envInt('PORT', DEFAULT_PORTS['user-service']),
  host: envString('HOST', '127.0.0.1'),
  latency: latencyProfiles({
    'users.get': { kind: 'lognormal', medianMs: 15, p99Ms: 60 },
  }),
};
