import { setTimeout as sleep } from 'node:timers/promises';
import type { JaegerQueryClient, TraceSpan } from '@suite/trace-model';
import type { ComposeProject } from '../compose';
import { CheckFailed, check, eventually, info, seconds } from '../log';
import { dashboard } from './dashboard';

/** A trace whose user-service spans are still held in user-service's buffer. */
async function heldTrace(compose: ComposeProject, bff: string, jaeger: JaegerQueryClient) {
  await compose.run(['stop', 'loadgen']);
  const recreate = Date.now();
  await compose.run(['up', '-d', '--no-deps', 'user-service'], {
    env: { OTEL_BSP_SCHEDULE_DELAY: '600000' },
  });
  await compose.waitHealthy(['user-service'], recreate);
  const held = await eventually(
    'a 200 dashboard after user-service was recreated',
    async () => {
      const r = await dashboard(bff, '7');
      return r.status === 200 ? r : undefined;
    },
    30_000,
  );
  const traceId = held.body.meta.traceId;
  const withoutUser = await jaeger.waitFor(
    async () => {
      const spans = await jaeger.trace(traceId);
      return spans?.some((s) => s.service === 'bff') ? spans : undefined;
    },
    { timeoutMs: 15_000, what: `trace ${traceId}` },
  );
  await sleep(2_000);
  const beforeStop = (await jaeger.trace(traceId)) ?? withoutUser;
  check(
    !beforeStop.some((s: TraceSpan) => s.service === 'user-service'),
    'user-service exported its span before the stop: the flush check proves nothing',
  );
  info(`trace ${traceId} in Jaeger without user-service's spans (still buffered)`);
  return traceId;
}

/**
 * user-service holds its spans for 10 minutes, then is stopped: its spans must reach Jaeger on the
 * way out. How long the stop took, in ms.
 */
export async function checkFlushOnStop(
  compose: ComposeProject,
  bff: string,
  jaeger: JaegerQueryClient,
): Promise<number> {
  const traceId = await heldTrace(compose, bff, jaeger);
  const stopStart = Date.now();
  await compose.run(['stop', 'user-service']);
  const stopMs = Date.now() - stopStart;
  const stopped = await compose.state('user-service');
  check(stopped?.ExitCode !== 137, 'user-service was SIGKILLed: it ignored SIGTERM');
  await jaeger
    .waitFor(
      async () =>
        (await jaeger.trace(traceId))?.some((s) => s.service === 'user-service') ? true : undefined,
      { timeoutMs: 10_000, what: `user-service's spans of ${traceId} after stop` },
    )
    .catch((error: unknown) => {
      throw new CheckFailed((error as Error).message);
    });
  info(`stopped in ${seconds(stopMs)} (exit ${stopped?.ExitCode}); its spans reached Jaeger`);
  return stopMs;
}
