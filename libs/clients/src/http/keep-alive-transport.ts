import { Agent, request } from 'node:http';

/** A response as the exchange needs it: the status and the whole body as text. */
export interface RawAnswer {
  status: number;
  text: string;
}

// One keep-alive agent per downstream (host:port): its sockets are reused from call to call, so a
// call pays no TCP handshake. node:http rather than fetch: in an A/B on loopback fetch cost about
// 3x the CPU per call (web streams, Headers, AbortSignal.any), and its first call loads undici
// lazily, which made the first traces after start show tens of milliseconds before the server span.
const endpoints = new Map<string, Endpoint>();

/** Where a downstream listens, parsed once per process rather than once per call, and its agent. */
export interface Endpoint {
  /** e.g. http://127.0.0.1:3001: what a call's path is appended to for `url.full`. */
  origin: string;
  hostname: string;
  port: number;
  agent: Agent;
}

export function endpointFor(baseUrl: string): Endpoint {
  const url = new URL(baseUrl);
  let endpoint = endpoints.get(url.host);
  if (!endpoint) {
    endpoint = {
      origin: url.origin,
      hostname: url.hostname,
      port: Number(url.port || 80),
      // LIFO: the most recently used socket goes out first, so spare sockets idle out instead of
      // every socket being kept barely alive. No cap on sockets: the policy's bulkhead bounds calls.
      agent: new Agent({ keepAlive: true, scheduling: 'lifo' }),
    };
    endpoints.set(url.host, endpoint);
  }
  return endpoint;
}

/**
 * Sends one request and reads the whole answer; rejects with a TimeoutError (DOMException) after
 * `timeoutMs`, with the reason of the first canceller that fires, or with the socket's error. A
 * request given up on is destroyed with its socket: an unread answer never holds a connection.
 */
export function sendRequest(
  { agent, hostname, port }: Endpoint,
  path: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  cancellers: readonly (AbortSignal | undefined)[],
): Promise<RawAnswer> {
  return new Promise<RawAnswer>((resolve, reject) => {
    for (const signal of cancellers) if (signal?.aborted) return reject(signal.reason);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = request({
      agent,
      hostname,
      port,
      path,
      method,
      headers,
    });
    let settled = false;
    const onAbort = (event: Event) => fail((event.target as AbortSignal).reason);
    const timer = setTimeout(
      () => fail(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')),
      timeoutMs,
    );
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      for (const signal of cancellers) signal?.removeEventListener('abort', onAbort);
      return true;
    };
    function fail(error: unknown): void {
      if (!finish()) return;
      req.destroy();
      reject(error);
    }
    for (const signal of cancellers) signal?.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => finish() && resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}

/**
 * Opens `perDownstream` keep-alive connections to every downstream a client was made for (GET
 * /health/live, answers ignored) and so runs the client's code once: the first real calls find warm
 * sockets and warm code. No policy is involved, so breakers and bulkheads see nothing. Never throws:
 * a downstream that is not up yet is simply connected to later.
 */
export async function warmDownstreams(perDownstream: number, timeoutMs = 1000): Promise<number> {
  const answers = await Promise.allSettled(
    [...endpoints.values()].flatMap((endpoint) =>
      Array.from({ length: perDownstream }, () =>
        sendRequest(
          endpoint,
          '/health/live',
          'GET',
          { accept: 'application/json' },
          undefined,
          timeoutMs,
          [],
        ),
      ),
    ),
  );
  return answers.filter((a) => a.status === 'fulfilled').length;
}
