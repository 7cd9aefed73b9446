import { DEFAULT_PORTS } from '@suite/contracts';
import { envInt, envString, scenarios } from '@suite/service-kit';

/**
 * Every knob of the BFF. Downstream addresses and resilience policies (timeouts, retries, circuit
 * breakers, bulkheads) come from USER_SERVICE_*, ORDER_SERVICE_*, LOYALTY_SERVICE_* and
 * RECOMMENDATION_SERVICE_* variables, all documented in libs/clients/src/resilience/policy-config.ts.
 * The accrual outbox lives in $DATA_DIR/bff.sqlite (DATA_DIR defaults to ./.data; `:memory:` loses it on exit).
 */
export const config = {
  serviceName: 'bff',
  port: envInt('PORT', DEFAULT_PORTS['bff']),
  host: envString('HOST', '127.0.0.1'),
  /** The guided scenarios' switches (SCENARIO_*, libs/service-kit/src/config/scenarios.ts). */
  scenarios: scenarios(),
  dashboard: {
    /**
     * Total time a dashboard request may take. Every downstream call gets min(its timeout, budget
     * left), the rest is sent along in x-deadline-ms, and a branch still running when it is spent
     * is answered with its fallback.
     */
    budgetMs: envInt('DASHBOARD_BUDGET_MS', 1500),
    /** Recent orders shown on the dashboard. */
    ordersLimit: envInt('DASHBOARD_ORDERS_LIMIT', 5),
    recommendationsLimit: envInt('DASHBOARD_RECOMMENDATIONS_LIMIT', 5),
  },
  checkout: {
    /** How long the BFF trusts its copy of order-service's catalogue. */
    catalogueTtlMs: envInt('CATALOGUE_TTL_MS', 60_000),
  },
  demo: {
    /** Where the page's "open in Jaeger" links point (the browser opens it, so it is the host's address). */
    jaegerUiUrl: envString('JAEGER_UI_URL', 'http://localhost:16686'),
    /**
     * The same Jaeger as the BFF reaches it (query API and UI root): where the page's inline trace is
     * read when that Jaeger serves only the placeholder UI. Defaults to JAEGER_UI_URL.
     */
    jaegerQueryUrl: envString(
      'JAEGER_QUERY_URL',
      envString('JAEGER_UI_URL', 'http://localhost:16686'),
    ),
    /**
     * The page's chaos buttons: `auto` (on when the BFF has CHAOS_ADMIN_TOKEN, as under `npm start`),
     * `off`. The BFF calls the services' admin APIs itself: the token never reaches the browser.
     */
    chaos: envString('DEMO_CHAOS', 'auto'),
  },
  rateLimit: {
    /**
     * Per-client token bucket (client = the socket's peer address; X-Forwarded-For is not trusted):
     * requests per second, and how many may come at once after a pause. RATE_LIMIT_RPS=0 turns it off
     * (e.g. for a load test from one machine). Health probes are never limited.
     */
    rps: envInt('RATE_LIMIT_RPS', 100),
    burst: envInt('RATE_LIMIT_BURST', 200),
  },
  loadShedding: {
    /**
     * API requests in flight at once; past it, a new one is answered 503 (Retry-After: 1) without
     * calling any service. The default is about what two cores serve (~130 dashboards/s) within one
     * dashboard budget (1.5 s): a request past it would miss its budget anyway. 0 turns it off.
     */
    maxInFlight: envInt('MAX_IN_FLIGHT', 200),
  },
  outbox: {
    /** How often the accrual delivery worker looks for due entries. */
    pollMs: envInt('OUTBOX_POLL_MS', 250),
    /** Redelivery backoff: base * 2^(attempt-1), 50-100 % jitter, capped at max. */
    retryBaseMs: envInt('OUTBOX_RETRY_BASE_MS', 1000),
    retryMaxMs: envInt('OUTBOX_RETRY_MAX_MS', 10_000),
    /** Entries delivered per poll, one after another. */
    batchSize: envInt('OUTBOX_BATCH_SIZE', 50),
  },
};
