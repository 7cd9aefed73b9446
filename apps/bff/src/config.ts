import { envInt, envString } from '@suite/service-kit';

/**
 * Every knob of the BFF. Downstream addresses and per-call time limits come from
 * USER_SERVICE_URL / ORDER_SERVICE_URL / LOYALTY_SERVICE_URL / RECOMMENDATION_SERVICE_URL and the
 * matching *_TIMEOUT_MS variables (see @suite/clients).
 */
export const config = {
  serviceName: 'bff',
  port: envInt('PORT', 3000),
  host: envString('HOST', '127.0.0.1'),
  dashboard: {
    /** Recent orders shown on the dashboard. */
    ordersLimit: envInt('DASHBOARD_ORDERS_LIMIT', 5),
    recommendationsLimit: envInt('DASHBOARD_RECOMMENDATIONS_LIMIT', 5),
  },
  checkout: {
    /** How long the BFF trusts its copy of order-service's catalogue. */
    catalogueTtlMs: envInt('CATALOGUE_TTL_MS', 60_000),
  },
};
