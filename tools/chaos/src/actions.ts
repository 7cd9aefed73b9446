// Performing an experiment's actions against a target: process faults and the chaos admin API.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultTarget, ServiceName } from '@suite/harness';
import type { Action } from './experiment';

/** The run was cut short (signal, failed steady state, failed method): go to the rollbacks. */
export class Interrupted extends Error {}

/** Waits `ms`; an abort of `signal` ends the wait with Interrupted. */
export async function pause(ms: number | undefined, signal?: AbortSignal): Promise<void> {
  if (!ms) return;
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch {
    throw new Interrupted('interrupted');
  }
}

export function describeAction(action: Action): string {
  switch (action.type) {
    case 'process':
      return `${action.fault} ${action.service}`;
    case 'inject':
      return `inject ${JSON.stringify(action.fault)} into ${action.service}`;
    case 'clear-faults':
      return `clear faults of ${action.service}`;
    case 'wait':
      return `wait ${action.ms} ms`;
    case 'check':
      return action.ms ? `measure ${action.ms} ms, then check` : 'check';
  }
}

async function adminCall(
  action: Extract<Action, { type: 'inject' | 'clear-faults' }>,
  target: FaultTarget,
): Promise<void> {
  const service = action.service as ServiceName;
  if (!target.chaosToken) {
    throw new Error(
      `${target.description} has no chaos admin token: start the services with CHAOS_ADMIN_TOKEN (npm start sets one; for docker compose export CHAOS_ADMIN_TOKEN for both compose and this command)`,
    );
  }
  const inject = action.type === 'inject';
  const answer = await target.http(service, {
    method: inject ? 'POST' : 'DELETE',
    path: '/admin/chaos/faults',
    headers: { authorization: `Bearer ${target.chaosToken}` },
    ...(inject ? { body: action.fault } : {}),
  });
  if (answer.status !== (inject ? 201 : 200)) {
    const message = (answer.body as { message?: string } | undefined)?.message ?? answer.error;
    throw new Error(`${service} answered ${answer.status} to the chaos admin API: ${message}`);
  }
}

export async function perform(
  action: Action,
  target: FaultTarget,
  signal?: AbortSignal,
): Promise<void> {
  if (action.type === 'wait' || action.type === 'check') return pause(action.ms, signal);
  await pause(action.pauses?.beforeMs, signal);
  if (action.type === 'process') await target[action.fault](action.service as ServiceName);
  else await adminCall(action, target);
  await pause(action.pauses?.afterMs, signal);
}
