import {
  OrderListSchema,
  OrderSchema,
  ProductSchema,
  type CreateOrderRequest,
  type Order,
  type OrderList,
  type Product,
} from '@suite/contracts';
import { z } from 'zod';
import { HttpJsonClient } from './http/http-json-client';
import type { CallOptions, DownstreamConfig } from './http/json-call';

/** order-service; an abstract class doubles as Nest token and as a test's fake. */
export abstract class OrderStore {
  abstract listOrders(userId: string, limit: number, options?: CallOptions): Promise<OrderList>;
  /** One order by id (what the N+1 scenario calls once per order). */
  abstract getOrder(orderId: string, options?: CallOptions): Promise<Order>;
  abstract createOrder(request: CreateOrderRequest, options?: CallOptions): Promise<Order>;
  abstract listProducts(options?: CallOptions): Promise<Product[]>;
}

export class OrderClient extends OrderStore {
  private readonly http: HttpJsonClient;
  constructor(config: DownstreamConfig) {
    super();
    this.http = new HttpJsonClient('order-service', config);
  }
  listOrders(userId: string, limit: number, options?: CallOptions): Promise<OrderList> {
    return this.http.call(
      {
        method: 'GET',
        template: '/users/:userId/orders',
        params: { userId },
        query: { limit },
        schema: OrderListSchema,
      },
      options,
    );
  }
  getOrder(orderId: string, options?: CallOptions): Promise<Order> {
    return this.http.call(
      { method: 'GET', template: '/orders/:orderId', params: { orderId }, schema: OrderSchema },
      options,
    );
  }
  createOrder(request: CreateOrderRequest, options?: CallOptions): Promise<Order> {
    return this.http.call(
      { method: 'POST', template: '/orders', body: request, schema: OrderSchema },
      options,
    );
  }
  listProducts(options?: CallOptions): Promise<Product[]> {
    return this.http.call(
      { method: 'GET', template: '/products', schema: z.array(ProductSchema) },
      options,
    );
  }
}
