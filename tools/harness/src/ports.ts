import { createServer } from 'node:net';
import { JAEGER_PORTS } from '@suite/contracts';

/** Jaeger's UI and query API where `npm start` and docker compose put it. */
export const DEFAULT_JAEGER_URL = `http://127.0.0.1:${JAEGER_PORTS.query}`;

/** A port nothing listens on right now, picked by the OS. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** True when something accepts connections on host:port. */
export async function isListening(port: number, host = '127.0.0.1'): Promise<boolean> {
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `url` until it answers 2xx; gives up after `timeoutMs` or as soon as `stillAlive` says no. */
export async function waitForHttp(
  url: string,
  {
    timeoutMs = 30_000,
    intervalMs = 100,
    stillAlive = () => true,
  }: { timeoutMs?: number; intervalMs?: number; stillAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (!stillAlive()) throw new Error(`the process behind ${url} exited before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (last: ${last})`);
}
