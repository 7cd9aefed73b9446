import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerAtFrontDoor, installFrontDoor } from './front-door';

/** What a service sends itself before it reports ready. */
export interface WarmUp {
  /** GET paths served by this service, e.g. the BFF's dashboard; each one goes through every hop. */
  paths: string[];
  /** Requests per path, `concurrency` at a time. */
  rounds: number;
  concurrency: number;
}

/**
 * Holds /health/ready at 503 until `warm` has run: a service reports ready only once its code paths
 * and its keep-alive connections to its downstreams are warm, so the first traces a user opens look
 * like the hundredth (no cold-start gap between a client span and its server span).
 */
export function holdReadiness(server: Server, serviceName: string): () => void {
  let warming = true;
  installFrontDoor(server, (req, res) => {
    if (!warming || req.url !== '/health/ready') return true;
    answerAtFrontDoor(req, res, 503, 'Service Unavailable', `${serviceName} is warming up`, {
      'retry-after': '1',
    });
    return false;
  });
  return () => (warming = false);
}

/**
 * Sends the warm-up requests to the service itself over loopback, unsampled (W3C traceparent with
 * the sampled flag off, which every hop follows), so they leave no trace in Jaeger; their log lines
 * carry the correlation id `warm-up-<n>`. Bounded by `budgetMs`; failures are ignored (a downstream
 * that is not up yet only means a colder first call).
 */
export async function warmUp(server: Server, plan: WarmUp, budgetMs = 3000): Promise<number> {
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true });
  const deadline = performance.now() + budgetMs;
  let sent = 0;
  const one = (path: string) =>
    new Promise<void>((resolve) => {
      sent++;
      const req = request(
        {
          agent,
          hostname: '127.0.0.1',
          port,
          path,
          timeout: Math.max(1, deadline - performance.now()),
          headers: {
            accept: 'application/json',
            traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`,
            'x-correlation-id': `warm-up-${String(sent).padStart(4, '0')}`,
          },
        },
        (res) => res.resume().on('end', resolve).on('error', () => resolve()),
      );
      req.on('timeout', () => req.destroy()).on('error', () => resolve());
      req.end();
    });
  try {
    for (let round = 0; round < plan.rounds && performance.now() < deadline; round++) {
      await Promise.all(
        plan.paths.flatMap((path) => Array.from({ length: plan.concurrency }, () => one(path))),
      );
    }
  } finally {
    agent.destroy();
  }
  return sent;
}
