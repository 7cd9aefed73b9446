import { KINDS, buildRequest, percentile, pickKind, type Kind, type Mix } from '@suite/traffic';

/** Beyond this many unanswered requests the generator skips beats rather than pile onto a sick BFF. */
const MAX_IN_FLIGHT = 64;

export interface LoadOptions {
  url: string;
  rate: number;
  mix: Mix;
  durationMs?: number;
  count?: number;
  reportEveryMs: number;
  /** Per-request time limit. */
  timeoutMs?: number;
  /** Where progress lines go (console.log by default). */
  report?: (line: string) => void;
  /** Stops the run early (SIGTERM in the CLI). */
  signal?: AbortSignal;
}

export interface LoadSummary {
  sent: number;
  byKind: Record<Kind, number>;
  /** HTTP status (as text) or the error's name, e.g. { '200': 95, '201': 4, TimeoutError: 1 }. */
  outcomes: Record<string, number>;
  skipped: number;
  p50Ms: number;
  p99Ms: number;
}

/** Sends requests at a steady rate until the count, the duration or the signal ends the run. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const report = options.report ?? ((line: string) => console.log(line));
  const byKind: Record<Kind, number> = { parallel: 0, sequential: 0, bounded: 0, checkout: 0 };
  const outcomes: Record<string, number> = {};
  const allMs: number[] = [];
  let windowMs: number[] = [];
  let sent = 0;
  let skipped = 0;
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();

  const fire = (kind: Kind): void => {
    const { url, init } = buildRequest(options.url, kind);
    const t0 = performance.now();
    const request = fetch(url, {
      ...init,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        return String(response.status);
      })
      .catch((error: unknown) => {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        return cause ?? (error as Error).name;
      })
      .then((outcome) => {
        const ms = performance.now() - t0;
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        allMs.push(ms);
        windowMs.push(ms);
      });
    const tracked = request.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const progress = () => {
    const sortedWindow = windowMs.toSorted((a, b) => a - b);
    windowMs = [];
    const kinds = KINDS.filter((k) => byKind[k] > 0)
      .map((k) => `${k} ${byKind[k]}`)
      .join(', ');
    const status = Object.entries(outcomes)
      .map(([k, v]) => `${k}:${v}`)
      .join(' ');
    report(
      `[loadgen] ${Math.round((Date.now() - started) / 1000)}s sent ${sent} (${kinds}) ` +
        `status ${status || '-'} p50 ${Math.round(percentile(sortedWindow, 50, 0))}ms ` +
        `p99 ${Math.round(percentile(sortedWindow, 99, 0))}ms in-flight ${inFlight.size}` +
        (skipped ? ` skipped ${skipped}` : ''),
    );
  };

  const intervalMs = 1000 / options.rate;
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;
  let nextReport = started + options.reportEveryMs;
  // Beats are scheduled on absolute times, so a slow event loop does not lower the rate.
  for (let beat = 0; ; beat++) {
    if (options.signal?.aborted) break;
    if (options.count !== undefined && sent >= options.count) break;
    const due = started + beat * intervalMs;
    if (due >= deadline) break;
    const wait = due - Date.now();
    if (wait > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        options.signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      if (options.signal?.aborted) break;
    }
    if (inFlight.size >= MAX_IN_FLIGHT) {
      skipped++;
    } else {
      const kind = pickKind(options.mix);
      byKind[kind]++;
      sent++;
      fire(kind);
    }
    if (Date.now() >= nextReport) {
      progress();
      nextReport += options.reportEveryMs;
    }
  }
  await Promise.all(inFlight);
  windowMs = allMs;
  progress();
  const sorted = allMs.toSorted((a, b) => a - b);
  return {
    sent,
    byKind,
    outcomes,
    skipped,
    p50Ms: percentile(sorted, 50, 0),
    p99Ms: percentile(sorted, 99, 0),
  };
}
