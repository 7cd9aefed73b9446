/** The five processes of the suite, in start order (dependencies first), with their default ports. */
export const SERVICES = [
  { name: 'user-service', defaultPort: 3001, urlVariable: 'USER_SERVICE_URL' },
  { name: 'order-service', defaultPort: 3002, urlVariable: 'ORDER_SERVICE_URL' },
  { name: 'loyalty-service', defaultPort: 3003, urlVariable: 'LOYALTY_SERVICE_URL' },
  { name: 'recommendation-service', defaultPort: 3004, urlVariable: 'RECOMMENDATION_SERVICE_URL' },
  { name: 'bff', defaultPort: 3000, urlVariable: 'BFF_URL' },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((s) => s.name);
