// Scenario 5: start-to-ready time and idle memory of each service.
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES, statusMb, type ProcessGroup, type RunningSuite } from '@suite/harness';
import { round } from '@suite/traffic';
import { pidOf } from '../lifecycle';
import type { BenchReport } from '../report';
import type { Context } from '../settings';

export async function footprint(
  ctx: Context,
  group: ProcessGroup,
  suite: RunningSuite,
): Promise<BenchReport['footprint']> {
  ctx.log('scenario 5, footprint: restarting each service alone to time start-to-ready');
  const services: BenchReport['footprint']['services'] = {};
  // Backends first, the BFF last: each starts while the others are up and idle.
  for (const name of SERVICE_NAMES) {
    await group.stopOne(name);
    const started = performance.now();
    await suite.start(name);
    const startMs = Math.round(performance.now() - started);
    services[name] = { startMs, idleRssMb: 0 };
    ctx.log(`  ${name}: ready ${startMs} ms after spawn`);
  }
  // Idle: after start-up garbage is collectable and the first probe timers have run.
  await sleep(2000);
  for (const name of SERVICE_NAMES)
    services[name]!.idleRssMb = round(statusMb(pidOf(group, name), 'VmRSS'));
  const values = Object.values(services);
  const result = {
    services,
    suiteRssMb: round(values.reduce((sum, v) => sum + v.idleRssMb, 0)),
    maxStartMs: Math.max(...values.map((v) => v.startMs)),
  };
  ctx.log(
    `  idle RSS: ${SERVICE_NAMES.map((n) => `${n} ${services[n]!.idleRssMb} MB`).join(', ')}; suite ${result.suiteRssMb} MB`,
  );
  return result;
}
