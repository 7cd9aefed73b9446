// Headers the BFF must refuse: bad idempotency keys, control bytes, oversize, not HTTP at all.
import { checkout, get, item, type BadInput } from './requests';

export const HEADER_CASES: BadInput[] = [
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
];
