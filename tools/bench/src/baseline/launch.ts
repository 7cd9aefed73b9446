// The raw baseline of scenario 2: five plain node:http processes serving the suite's own bodies.
import { join } from 'node:path';
import {
  ProcessGroup,
  freePort,
  waitForHttp,
  type RunningSuite,
  type ServiceName,
} from '@suite/harness';
import { DASHBOARD } from '../dashboard';
import type { Context } from '../settings';
import type { Bodies, Role } from './server';

/** The raw baseline's process standing in for each service (dependencies first, like the suite). */
export const BASELINE_ROLE: Record<ServiceName, Role> = {
  'user-service': 'user',
  'order-service': 'orders',
  'loyalty-service': 'loyalty',
  'recommendation-service': 'recommendations',
  bff: 'bff',
};

/** The bodies the suite answers with, for the baseline to serve as they are. */
export async function captureBodies(suite: RunningSuite): Promise<Bodies> {
  const get = async (service: ServiceName, path: string) => {
    const response = await fetch(`${suite.urls[service]}${path}`);
    if (!response.ok)
      throw new Error(
        `${service} ${path} answered ${response.status}: cannot copy its body for the baseline`,
      );
    return response.json() as Promise<unknown>;
  };
  return {
    user: await get('user-service', '/users/42'),
    orders: await get('order-service', '/users/42/orders?limit=5'),
    ordersHistory: await get('order-service', '/users/42/orders?limit=20'),
    loyalty: await get('loyalty-service', '/users/42/points'),
    recommendations: await get('recommendation-service', '/users/42/recommendations?limit=5'),
  };
}

export async function launchBaseline(
  ctx: Context,
  bodiesFile: string,
): Promise<{ group: ProcessGroup; url: string }> {
  const group = new ProcessGroup('silent');
  ctx.groups.add(group);
  ctx.log('starting the raw baseline (five node:http processes)');
  const ports = Object.fromEntries(
    await Promise.all(
      Object.values(BASELINE_ROLE).map(async (r) => [r, await freePort()] as const),
    ),
  ) as Record<Role, number>;
  const at = (r: Role) => `http://127.0.0.1:${ports[r]}`;
  for (const role of Object.values(BASELINE_ROLE)) {
    const managed = group.spawn(
      `baseline-${role}`,
      process.execPath,
      [join(__dirname, 'server.js'), role],
      {
        cwd: ctx.root,
        env: {
          ...process.env,
          PORT: String(ports[role]),
          BODIES: bodiesFile,
          USER_URL: at('user'),
          ORDERS_URL: at('orders'),
          LOYALTY_URL: at('loyalty'),
          RECOMMENDATIONS_URL: at('recommendations'),
        },
      },
    );
    await waitForHttp(`${at(role)}/health/ready`, {
      timeoutMs: 10_000,
      stillAlive: () => !managed.exited,
    }).catch((error: unknown) => {
      throw new Error(
        `baseline ${role} did not start: ${(error as Error).message}\n${managed.tail.join('\n')}`,
      );
    });
  }
  const probe = await fetch(`${at('bff')}${DASHBOARD}`);
  if (!probe.ok)
    throw new Error(`the baseline BFF answered ${probe.status}: ${await probe.text()}`);
  return { group, url: `${at('bff')}${DASHBOARD}` };
}
