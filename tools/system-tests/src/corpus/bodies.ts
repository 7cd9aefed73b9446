// Bodies the BFF must refuse: malformed, mistyped, out of range, too large.
import { httpRequest } from '../raw-http';
import { SKU, checkout, item, type BadInput } from './requests';

export const BODY_CASES: BadInput[] = [
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
    request: checkout({ userId: 1, items: SKU }),
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
    request: checkout(`{"userId":"1","items":[{"sku":"${SKU}","quantity":1}],"__proto__":{"x":1}}`),
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
];
