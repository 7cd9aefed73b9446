import autocannon from 'autocannon';
import { round, summarize, type Summary } from '@suite/traffic';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationS?: number;
  /** Total requests, e.g. one per connection for a burst. */
  amount?: number;
  /** Seconds autocannon waits for one response before counting a timeout. */
  timeoutS?: number;
  /**
   * Reads each response body (costs the load generator CPU: leave it out for throughput runs).
   * Whatever it returns is kept beside that response's latency, e.g. the slowest branch of a dashboard.
   */
  inspect?: (status: number, body: string) => Sample['detail'];
  /** Called about once a second with the responses so far. */
  onTick?: (responses: number) => void;
  /** Extra headers, built afresh for every request (e.g. a new trace id each time). */
  headers?: () => Record<string, string>;
}

export interface Sample {
  status: number;
  ms: number;
  detail?: Record<string, number | string | undefined>;
}

export interface LoadResult {
  requests: number;
  /** Every answer per second, errors included (a failing service can be fast). */
  rps: number;
  /** 2xx answers per second: what throughput means here. */
  okRps: number;
  durationS: number;
  /** Connection errors and timeouts (no HTTP answer). */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Answers per HTTP status, e.g. { '200': 950, '503': 50 }. */
  statusCodes: Record<string, number>;
  /** From autocannon's histogram (whole milliseconds). */
  latencyMs: Summary;
  /** Each answered request, when `inspect` was given. */
  samples: Sample[];
}

/** An autocannon setupRequest that adds `headers()` to each request it sends. */
function withHeaders(headers: () => Record<string, string>) {
  return (request: autocannon.Request): autocannon.Request => ({
    ...request,
    headers: { ...request.headers, ...headers() },
  });
}

/** One autocannon run against `url` (programmatic API, no progress bar: we print our own lines). */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const samples: Sample[] = [];
  const latencies: number[] = [];
  let detail: Sample['detail'];
  let responses = 0;
  const { inspect } = options;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
        timeout: options.timeoutS ?? 10,
        ...(inspect || options.headers
          ? {
              requests: [
                {
                  method: 'GET',
                  ...(options.headers ? { setupRequest: withHeaders(options.headers) } : {}),
                  // autocannon calls this and then, synchronously, emits 'response' for the same
                  // answer: `detail` pairs each body with its latency.
                  ...(inspect
                    ? {
                        onResponse: (status: number, body: string) => {
                          detail = inspect(status, body);
                        },
                      }
                    : {}),
                },
              ],
            }
          : {}),
      },
      (error: Error | null, result: autocannon.Result) => {
        clearInterval(ticker);
        if (error) return reject(error);
        const durationS = result.duration;
        resolve({
          requests: result.requests.total,
          rps: round(result.requests.total / durationS, 0),
          okRps: round(result['2xx'] / durationS, 0),
          durationS: round(durationS, 1),
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes: Object.fromEntries(
            Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
          ),
          latencyMs: latencies.length ? summarize(latencies) : summarize([result.latency.p50]),
          samples,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      responses++;
      latencies.push(ms);
      if (options.inspect) samples.push({ status, ms, ...(detail ? { detail } : {}) });
      detail = undefined;
    });
    const ticker = setInterval(() => options.onTick?.(responses), 1000);
  });
}
