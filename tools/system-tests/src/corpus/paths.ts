// Paths, ids and queries the BFF must refuse, and doors that are shut.
import { httpRequest } from '../raw-http';
import { dashboardOf, get, type BadInput } from './requests';

export const PATH_CASES: BadInput[] = [
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
];
