import type { Strategy } from '@suite/contracts';
import pLimit from 'p-limit';

/** ms: how long the task took; startMs: when it started, counted from the start of the fan-out. */
export type Settled<T> =
  | { ok: true; value: T; ms: number; startMs: number }
  | { ok: false; error: unknown; ms: number; startMs: number };
export type Tasks<T> = { [K in keyof T]: () => Promise<T[K]> };
export type Outcomes<T> = { [K in keyof T]: Settled<T[K]> };

export interface FanOutPlan {
  strategy: Strategy;
  /** For `bounded`: how many tasks may be in flight at once. */
  concurrency: number;
  /**
   * Once aborted (budget spent, or a critical branch failed), tasks not yet started are skipped and
   * running ones are settled at once with the signal's reason: the fan-out never outlives it.
   */
  signal?: AbortSignal;
}

function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const tenths = (ms: number) => Math.round(ms * 10) / 10;

async function settle<T>(
  task: () => Promise<T>,
  origin: number,
  signal?: AbortSignal,
): Promise<Settled<T>> {
  const started = performance.now();
  const startMs = tenths(started - origin);
  const ms = () => tenths(performance.now() - started);
  if (signal?.aborted) return { ok: false, error: signal.reason, ms: 0, startMs };
  try {
    return { ok: true, value: await untilAborted(task(), signal), ms: ms(), startMs };
  } catch (error) {
    return { ok: false, error, ms: ms(), startMs };
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
  const origin = performance.now();
  switch (plan.strategy) {
    case 'parallel':
      settled = await Promise.all(entries.map(([, task]) => settle(task, origin, plan.signal)));
      break;
    case 'sequential':
      settled = [];
      for (const [, task] of entries) settled.push(await settle(task, origin, plan.signal));
      break;
    case 'bounded': {
      const limit = pLimit(plan.concurrency);
      settled = await Promise.all(
        entries.map(([, task]) => limit(() => settle(task, origin, plan.signal))),
      );
      break;
    }
  }
  return Object.fromEntries(entries.map(([name], i) => [name, settled[i]])) as Outcomes<T>;
}
