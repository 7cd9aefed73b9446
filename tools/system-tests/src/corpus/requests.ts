// How the corpus writes its requests: raw bytes, so that nothing on the way can tidy them up.
import { SKUS } from '@suite/traffic';
import type { ServiceName } from '@suite/harness';
import { httpRequest } from '../raw-http';

/** One hostile request, the service it goes to, and the 4xx it must get. */
export interface BadInput {
  name: string;
  service: ServiceName;
  request: Buffer;
  status: number;
}

/** A sku of the catalogue, for lines that are wrong in everything else. */
export const SKU = SKUS[0]!;
export const item = { sku: SKU, quantity: 1 };
export const checkout = (body: unknown, key = 'corpus-key-0001'): Buffer =>
  httpRequest('POST', '/api/checkout', {
    headers: { 'idempotency-key': key },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
export const get = (path: string, headers?: Record<string, string>): Buffer =>
  httpRequest('GET', path, headers ? { headers } : {});
export const dashboardOf = (userId: string): Buffer => get(`/api/users/${userId}/dashboard`);
export const post = (path: string, body: unknown): Buffer =>
  httpRequest('POST', path, { body: JSON.stringify(body) });
