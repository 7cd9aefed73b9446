// The soak's periodic chaos, every 20 s: at 5 s loyalty-service is killed (SIGKILL) and restarted
// 4 s later; at 13 s recommendation-service gets 2 s of extra latency for 4 s (past the BFF's
// budget: fallback).
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessGroup, RunningSuite } from '@suite/harness';

export interface ChaosOptions {
  group: ProcessGroup;
  suite: RunningSuite;
  token: string;
  started: number;
  log: (line: string) => void;
}

/** A call to recommendation-service's chaos admin API; its status. */
export function chaosAdmin(o: ChaosOptions, method: string, body?: unknown): Promise<number> {
  return fetch(`${o.suite.urls['recommendation-service']}/admin/chaos/faults`, {
    method,
    headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then((r) => r.status);
}

/** Runs the cycles until `signal` aborts (it finishes the step it is in). */
export async function chaos(o: ChaosOptions, signal: AbortSignal): Promise<void> {
  let restarts = 0;
  for (let cycle = 0; !signal.aborted; cycle++) {
    const at = (s: number) => sleep(Math.max(0, o.started + (cycle * 20 + s) * 1000 - Date.now()));
    await at(5);
    if (signal.aborted) break;
    o.log('chaos: SIGKILL loyalty-service');
    o.group.get('loyalty-service')?.child.kill('SIGKILL');
    await at(9);
    await o.suite.start('loyalty-service');
    restarts++;
    o.log(`chaos: loyalty-service restarted (${restarts})`);
    await at(13);
    if (signal.aborted) break;
    const status = await chaosAdmin(o, 'POST', {
      kind: 'latency',
      latency: 2000,
      durationMs: 4000,
    });
    o.log(`chaos: +2000 ms on recommendation-service (${status})`);
    await at(20);
  }
}
