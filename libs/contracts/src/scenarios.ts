/**
 * The guided scenarios' switches, as the BFF shows them (GET /api/config). Each one is read from the
 * environment at start by the processes it affects (libs/service-kit/src/config/scenarios.ts, where
 * the variables and their defaults are listed); the default of each is the fix.
 */
export interface Scenarios {
  /** recommendation-service fetches each past order on its own, one after another, after the list. */
  nPlusOne: boolean;
  /** Outgoing HTTP calls in flight at once per process, all downstreams together; 0 = no cap. */
  connectionLimit: number;
  /** Backoff between retries: `on` spreads them (decorrelated jitter), `off` fires them in lockstep. */
  retryJitter: boolean;
}
