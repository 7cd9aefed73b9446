import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What these helpers need of an app: a Nest application has all three. */
export interface ListenableApp {
  listen(port: number, host: string): Promise<unknown>;
  getHttpServer(): unknown;
  close(): Promise<void>;
}

export interface JsonReply<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface LoopbackApp {
  /** e.g. http://127.0.0.1:40123 */
  base: string;
  /** A JSON request; a string body is sent as it is (for malformed-input tests). */
  send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<JsonReply<T>>;
  /** Drops keep-alive connections first, so close() does not wait for idle sockets. */
  stop(): Promise<void>;
}

/** Serves `app` on a free loopback port, the way a spec talks to a real service over HTTP. */
export async function serveOnLoopback(app: ListenableApp): Promise<LoopbackApp> {
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async send<T>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = { 'content-type': 'application/json' },
    ): Promise<JsonReply<T>> {
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return {
        status: response.status,
        headers: response.headers,
        body: (await response.json()) as T,
      };
    },
    async stop() {
      server.closeAllConnections();
      await app.close();
    },
  };
}
