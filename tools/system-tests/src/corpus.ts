import type { ServiceName } from '@suite/harness';
import { httpRequest } from './raw-http';

/** One hostile request, the service it goes to, and the 4xx it must get. */
export interface BadInput {
  name: string;
  service: ServiceName;
  request: Buffer;
  status: number;
}

const item = { sku: 'BOO-101', quantity: 1 };
const checkout = (body: unknown, key = 'corpus-key-0001'): Buffer =>
  httpRequest('POST', '/api/checkout', {
    headers: { 'idempotency-key': key },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string, headers?: Record<string, string>): Buffer =>
  httpRequest('GET', path, headers ? { headers } : {});
const dashboardOf = (userId: string): Buffer => get(`/api/users/${userId}/dashboard`);
const post = (path: string, body: unknown): Buffer =>
  httpRequest('POST', path, { body: JSON.stringify(body) });

const UNICODE_IDS: Record<string, string> = {
  'RTL override': '\u202E1',
  'zero-width space': '1\u200B',
  'full-width digit': '\uFF11',
  NUL: '1\u0000',
  'Arabic-Indic digit': '\u0661',
};

/** The bad-input corpus: every case must get the given 4xx, as JSON that says what is wrong. */
export function badInputCorpus(): BadInput[] {
  const cases: BadInput[] = [
    // Bodies.
    {
      name: 'malformed JSON',
      service: 'bff',
      request: checkout('{"userId": "1", items: ['),
      status: 400,
    },
    {
      name: 'JSON that is not an object',
      service: 'bff',
      request: checkout('[1,2,3]'),
      status: 400,
    },
    { name: 'empty JSON object', service: 'bff', request: checkout({}), status: 400 },
    {
      name: 'wrong types',
      service: 'bff',
      request: checkout({ userId: 1, items: 'BOO-101' }),
      status: 400,
    },
    {
      name: 'unknown top-level field',
      service: 'bff',
      request: checkout({ userId: '1', items: [item], admin: true }),
      status: 400,
    },
    {
      name: 'unknown line field',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ ...item, priceCents: 1 }] }),
      status: 400,
    },
    {
      name: '__proto__ field',
      service: 'bff',
      request: checkout(
        '{"userId":"1","items":[{"sku":"BOO-101","quantity":1}],"__proto__":{"x":1}}',
      ),
      status: 400,
    },
    {
      name: 'negative quantity',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ ...item, quantity: -1 }] }),
      status: 400,
    },
    {
      name: 'zero quantity',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ ...item, quantity: 0 }] }),
      status: 400,
    },
    {
      name: 'enormous quantity',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ ...item, quantity: 1e308 }] }),
      status: 400,
    },
    {
      name: 'fractional quantity',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ ...item, quantity: 1.5 }] }),
      status: 400,
    },
    {
      name: 'quantity as a string',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ ...item, quantity: '5' }] }),
      status: 400,
    },
    {
      name: 'no lines',
      service: 'bff',
      request: checkout({ userId: '1', items: [] }),
      status: 400,
    },
    {
      name: 'too many lines',
      service: 'bff',
      request: checkout({ userId: '1', items: Array.from({ length: 51 }, () => item) }),
      status: 400,
    },
    {
      name: 'unknown sku',
      service: 'bff',
      request: checkout({ userId: '1', items: [{ sku: 'ZZZ-999', quantity: 1 }] }),
      status: 400,
    },
    {
      name: 'body over the 64kb limit',
      service: 'bff',
      request: checkout({ userId: '1', items: [item], pad: 'x'.repeat(100_000) }),
      status: 413,
    },
    {
      name: 'JSON declared, text sent',
      service: 'bff',
      request: httpRequest('POST', '/api/checkout', {
        headers: { 'content-type': 'text/plain' },
        body: 'hello',
      }),
      status: 400,
    },
    // Headers.
    {
      name: 'Idempotency-Key too short',
      service: 'bff',
      request: checkout({ userId: '1', items: [item] }, 'k'),
      status: 400,
    },
    {
      name: 'Idempotency-Key too long',
      service: 'bff',
      request: checkout({ userId: '1', items: [item] }, 'k'.repeat(129)),
      status: 400,
    },
    {
      name: 'Idempotency-Key with Latin-1 bytes',
      service: 'bff',
      request: checkout({ userId: '1', items: [item] }, 'key-\xff\xfe\xe9-0001'),
      status: 400,
    },
    {
      name: 'binary header value (control bytes)',
      service: 'bff',
      request: get('/api/users/1/dashboard', { 'x-correlation-id': 'ab\x01\x02\x7fcd-0001' }),
      status: 400,
    },
    {
      name: 'NUL in a header value',
      service: 'bff',
      request: get('/api/users/1/dashboard', { 'x-note': 'a\x00b' }),
      status: 400,
    },
    {
      name: 'header name with spaces',
      service: 'bff',
      request: get('/api/users/1/dashboard', { 'bad header': 'x' }),
      status: 400,
    },
    {
      name: 'headers over 16 KiB',
      service: 'bff',
      request: get('/api/users/1/dashboard', { 'x-padding': 'a'.repeat(20_000) }),
      status: 431,
    },
    {
      name: 'many headers over 16 KiB',
      service: 'bff',
      request: get(
        '/api/users/1/dashboard',
        Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`x-h${i}`, 'v'.repeat(50)])),
      ),
      status: 431,
    },
    {
      name: 'not HTTP at all',
      service: 'bff',
      request: Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n', 'latin1'),
      status: 400,
    },
    // Paths and ids.
    {
      name: 'encoded path traversal',
      service: 'bff',
      request: dashboardOf('..%2f..%2fetc%2fpasswd'),
      status: 400,
    },
    {
      name: 'double-encoded traversal',
      service: 'bff',
      request: dashboardOf('%252e%252e%252fetc'),
      status: 400,
    },
    {
      name: 'raw path traversal',
      service: 'bff',
      request: get('/api/users/../../etc/passwd/dashboard'),
      status: 404,
    },
    { name: 'userId zero', service: 'bff', request: dashboardOf('0'), status: 400 },
    { name: 'userId negative', service: 'bff', request: dashboardOf('-1'), status: 400 },
    { name: 'userId too long', service: 'bff', request: dashboardOf('1'.repeat(400)), status: 400 },
    { name: 'userId in exponent form', service: 'bff', request: dashboardOf('1e3'), status: 400 },
    {
      name: 'userId surrogate half (invalid UTF-8)',
      service: 'bff',
      request: dashboardOf('%ED%A0%80'),
      status: 400,
    },
    {
      name: 'userId broken percent-encoding',
      service: 'bff',
      request: dashboardOf('%E0%A4%A'),
      status: 400,
    },
    {
      name: 'userId SQL',
      service: 'bff',
      request: dashboardOf(encodeURIComponent("1' OR '1'='1")),
      status: 400,
    },
    // Queries.
    {
      name: 'unknown strategy',
      service: 'bff',
      request: get('/api/users/1/dashboard?strategy=evil'),
      status: 400,
    },
    {
      name: 'concurrency out of range',
      service: 'bff',
      request: get('/api/users/1/dashboard?strategy=bounded&concurrency=99'),
      status: 400,
    },
    {
      name: 'unknown query parameter',
      service: 'bff',
      request: get('/api/users/1/dashboard?debug=1'),
      status: 400,
    },
    {
      name: 'repeated query parameter',
      service: 'bff',
      request: get('/api/users/1/dashboard?strategy=parallel&strategy=sequential'),
      status: 400,
    },
    {
      name: 'nested query parameter',
      service: 'bff',
      request: get('/api/users/1/dashboard?strategy[a]=1'),
      status: 400,
    },
    // Doors that are shut.
    {
      name: 'chaos admin (off by default)',
      service: 'bff',
      request: get('/admin/chaos/faults'),
      status: 404,
    },
    { name: 'unknown route', service: 'bff', request: get('/etc/passwd'), status: 404 },
    {
      name: 'wrong method',
      service: 'bff',
      request: httpRequest('DELETE', '/api/checkout'),
      status: 404,
    },
    // The services behind the BFF get the same treatment.
    {
      name: 'user: id with letters',
      service: 'user-service',
      request: get('/users/abc'),
      status: 400,
    },
    {
      name: 'user: traversal',
      service: 'user-service',
      request: get('/users/..%2f..%2fetc%2fpasswd'),
      status: 400,
    },
    {
      name: 'user: chaos admin off',
      service: 'user-service',
      request: get('/admin/chaos/faults'),
      status: 404,
    },
    {
      name: 'orders: limit too large',
      service: 'order-service',
      request: get('/users/1/orders?limit=100000'),
      status: 400,
    },
    {
      name: 'orders: unknown field',
      service: 'order-service',
      request: post('/orders', {
        userId: '1',
        checkoutId: 'corpus-order-0001',
        items: [item],
        totalCents: 0,
      }),
      status: 400,
    },
    {
      name: 'orders: malformed JSON',
      service: 'order-service',
      request: httpRequest('POST', '/orders', { body: '{' }),
      status: 400,
    },
    {
      name: 'loyalty: negative quantity',
      service: 'loyalty-service',
      request: post('/accruals', {
        userId: '1',
        checkoutId: 'corpus-accrual-01',
        items: [{ ...item, quantity: -5 }],
      }),
      status: 400,
    },
    {
      name: 'loyalty: bad checkout id',
      service: 'loyalty-service',
      request: post('/accruals', { userId: '1', checkoutId: '../../x', items: [item] }),
      status: 400,
    },
    {
      name: 'recommendations: negative limit',
      service: 'recommendation-service',
      request: get('/users/1/recommendations?limit=-1'),
      status: 400,
    },
    {
      name: 'recommendations: headers over 16 KiB',
      service: 'recommendation-service',
      request: get('/users/1/recommendations', { 'x-padding': 'a'.repeat(20_000) }),
      status: 431,
    },
  ];
  for (const [what, id] of Object.entries(UNICODE_IDS)) {
    cases.push({
      name: `userId with ${what}`,
      service: 'bff',
      request: dashboardOf(encodeURIComponent(id)),
      status: 400,
    });
    cases.push({
      name: `sku with ${what}`,
      service: 'bff',
      request: checkout({ userId: '1', items: [{ sku: `BOO-10${id}`, quantity: 1 }] }),
      status: 400,
    });
  }
  return cases;
}
