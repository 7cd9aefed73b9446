import { SERVICE_NAMES } from '@suite/harness';
import {
  orphans,
  roots,
  services,
  type JaegerQueryClient,
  type TraceSpan,
} from '@suite/trace-model';
import { CheckFailed, check, info } from '../log';
import { dashboard } from './dashboard';

/** A dashboard through the BFF, and its whole trace (five services, one root) in Jaeger. */
export async function checkTrace(bff: string, jaeger: JaegerQueryClient): Promise<void> {
  const first = await dashboard(bff);
  check(first.status === 200, `dashboard answered ${first.status}`);
  check(first.body.meta.degraded.length === 0, `degraded: ${first.body.meta.degraded.join(', ')}`);
  const { traceId } = first.body.meta;
  // Services export in batches and the BFF's root ends last, so a trace can hold all five services
  // before its root arrives: wait for the whole tree, then say what was missing if it never came.
  let latest: TraceSpan[] = [];
  const trace = await jaeger
    .waitFor(
      async () => {
        latest = (await jaeger.trace(traceId)) ?? [];
        const complete =
          SERVICE_NAMES.every((s) => services(latest).includes(s)) &&
          roots(latest).length === 1 &&
          orphans(latest).length === 0;
        return complete ? latest : undefined;
      },
      { timeoutMs: 15_000, what: `trace ${traceId} with all five services under one root` },
    )
    .catch((error: unknown) => {
      throw new CheckFailed(
        `${(error as Error).message}; last seen: ${latest.length} spans from ` +
          `${services(latest).join(', ') || 'no service'}, ${roots(latest).length} roots, ` +
          `${orphans(latest).length} orphans (see docker compose logs bff)`,
      );
    });
  info(`trace ${traceId}: ${trace.length} spans over ${services(trace).join(', ')}`);
}
