import type { ComposeProject } from '../compose';
import { eventually, info, seconds, step } from '../log';
import { dashboard } from './dashboard';

/** loyalty-service killed: a degraded 200; started again: the dashboard recovers. */
export async function checkLoyaltyOutage(compose: ComposeProject, bff: string): Promise<void> {
  step('loyalty-service killed: the dashboard still answers 200, degraded');
  await compose.run(['kill', 'loyalty-service']);
  const degraded = await eventually(
    'a 200 with loyalty in meta.degraded',
    async () => {
      const r = await dashboard(bff);
      return r.status === 200 && r.body.meta.degraded.includes('loyalty') ? r : undefined;
    },
    15_000,
  );
  info(`200 with meta.degraded = ${JSON.stringify(degraded.body.meta.degraded)}`);

  step('loyalty-service started again: the dashboard recovers');
  const restart = Date.now();
  await compose.run(['start', 'loyalty-service']);
  await compose.waitHealthy(['loyalty-service'], restart);
  await eventually(
    'a 200 with nothing degraded after loyalty-service came back',
    async () => {
      const r = await dashboard(bff);
      return r.status === 200 && r.body.meta.degraded.length === 0 ? r : undefined;
    },
    60_000,
  );
  info(`recovered ${seconds(Date.now() - restart)} after start`);
}
