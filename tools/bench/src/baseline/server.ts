// The raw baseline: the suite's five-process topology with nothing but node:http and fetch (undici,
// like the suite), serving the same JSON bodies the real services answered, with the same fan-out
// (bff -> user, orders, loyalty, recommendations in parallel; recommendations -> orders). No
// framework, no validation, no logging, no tracing: the physical limit of this machine.
//   node baseline/server.js <role>   with PORT, BODIES (a JSON file) and, for bff/recommendations,
//   USER_URL, ORDERS_URL, LOYALTY_URL, RECOMMENDATIONS_URL.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export const ROLES = ['user', 'orders', 'loyalty', 'recommendations', 'bff'] as const;
export type Role = (typeof ROLES)[number];

/** What the real services answered for the benchmark user; captured by the bench before it starts us. */
export interface Bodies {
  user: unknown;
  /** order-service's answer to the BFF (limit 5) and to recommendation-service (limit 20). */
  orders: unknown;
  ordersHistory: unknown;
  loyalty: unknown;
  recommendations: unknown;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

function handler(role: Role, bodies: Bodies, env: NodeJS.ProcessEnv) {
  const url = (name: string) => env[name] ?? '';
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = req.url ?? '/';
    if (path.startsWith('/health/')) return send(res, 200, { status: 'ok' });
    switch (role) {
      case 'user':
        return send(res, 200, bodies.user);
      case 'loyalty':
        return send(res, 200, bodies.loyalty);
      case 'orders':
        return send(res, 200, path.includes('limit=20') ? bodies.ordersHistory : bodies.orders);
      case 'recommendations': {
        // Like recommendation-service: read the order history first, then answer.
        await getJson(`${url('ORDERS_URL')}/users/42/orders?limit=20`);
        return send(res, 200, bodies.recommendations);
      }
      case 'bff': {
        const started = performance.now();
        const [user, orders, loyalty, recommendations] = (await Promise.all([
          getJson(`${url('USER_URL')}/users/42`),
          getJson(`${url('ORDERS_URL')}/users/42/orders?limit=5`),
          getJson(`${url('LOYALTY_URL')}/users/42/points`),
          getJson(`${url('RECOMMENDATIONS_URL')}/users/42/recommendations?limit=5`),
        ])) as [unknown, { orders: unknown }, unknown, { source: string; items: unknown }];
        return send(res, 200, {
          user,
          orders: { items: orders.orders },
          loyalty,
          recommendations: { source: recommendations.source, items: recommendations.items },
          meta: { strategy: 'parallel', elapsedMs: Math.round(performance.now() - started) },
        });
      }
    }
  };
}

function main(): void {
  const role = process.argv[2] as Role;
  if (!ROLES.includes(role)) {
    console.error(`usage: node server.js <${ROLES.join('|')}> (with PORT and BODIES set)`);
    process.exit(2);
  }
  const bodies = JSON.parse(readFileSync(process.env['BODIES'] ?? '', 'utf8')) as Bodies;
  const handle = handler(role, bodies, process.env);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 502, { message: (error as Error).message });
    });
  });
  // The suite's services run with Node's defaults too; only the keep-alive window is the same as theirs.
  server.listen(Number(process.env['PORT']), '127.0.0.1', () =>
    console.log(`baseline ${role} listening on ${process.env['PORT']}`),
  );
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
  // Keep-alive sockets would hold close() open: drop them.
  process.on('SIGTERM', () => server.closeAllConnections());
}

if (require.main === module) main();
