import type { Strategy } from '@suite/contracts';
import pLimit from 'p-limit';

export type Settled<T> =
  { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };
export type Tasks<T> = { [K in keyof T]: () => Promise<T[K]> };
export type Outcomes<T> = { [K in keyof T]: Settled<T[K]> };

export interface FanOutPlan {
  strategy: Strategy;
  /** For `bounded`: how many tasks may be in flight at once. */
  concurrency: number;
  /** Once aborted, tasks not yet started are skipped. */
  signal?: AbortSignal;
}

async function settle<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<Settled<T>> {
  const started = performance.now();
  const ms = () => Math.round((performance.now() - started) * 10) / 10;
  if (signal?.aborted) return { ok: false, error: signal.reason, ms: 0 };
  try {
    return { ok: true, value: await task(), ms: ms() };
  } catch (error) {
    return { ok: false, error, ms: ms() };
  }
}

/**
 * Runs every task and reports each one's outcome and time, never throwing.
 * parallel: all at once (costs the slowest); sequential: one after another (costs the sum);
 * bounded: at most `concurrency` in flight.
 */
export async function fanOut<T extends object>(
  tasks: Tasks<T>,
  plan: FanOutPlan,
): Promise<Outcomes<T>> {
  const entries = Object.entries(tasks) as [string, () => Promise<unknown>][];
  let settled: Settled<unknown>[];
  switch (plan.strategy) {
    case 'parallel':
      settled = await Promise.all(entries.map(([, task]) => settle(task, plan.signal)));
      break;
    case 'sequential':
      settled = [];
      for (const [, task] of entries) settled.push(await settle(task, plan.signal));
      break;
    case 'bounded': {
      const limit = pLimit(plan.concurrency);
      settled = await Promise.all(
        entries.map(([, task]) => limit(() => settle(task, plan.signal))),
      );
      break;
    }
  }
  return Object.fromEntries(entries.map(([name], i) => [name, settled[i]])) as Outcomes<T>;
}
