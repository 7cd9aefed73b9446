// The services behind the BFF get the same treatment.
import { httpRequest } from '../raw-http';
import { get, item, post, type BadInput } from './requests';

export const SERVICE_CASES: BadInput[] = [
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
