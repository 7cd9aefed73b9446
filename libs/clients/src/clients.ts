import {
  AccrualSchema,
  LoyaltyAccountSchema,
  OrderListSchema,
  OrderSchema,
  ProductSchema,
  RecommendationListSchema,
  UserSchema,
  type Accrual,
  type AccrualRequest,
  type CreateOrderRequest,
  type LoyaltyAccount,
  type Order,
  type OrderList,
  type Product,
  type RecommendationList,
  type User,
} from '@suite/contracts';
import { z } from 'zod';
import { HttpJsonClient, type CallOptions, type DownstreamConfig } from './http-json-client';

// Abstract classes double as Nest injection tokens and as the interface a test can fake.

export abstract class UserDirectory {
  abstract getUser(userId: string, options?: CallOptions): Promise<User>;
}

export abstract class OrderStore {
  abstract listOrders(userId: string, limit: number, options?: CallOptions): Promise<OrderList>;
  /** One order by id (what the N+1 scenario calls once per order). */
  abstract getOrder(orderId: string, options?: CallOptions): Promise<Order>;
  abstract createOrder(request: CreateOrderRequest, options?: CallOptions): Promise<Order>;
  abstract listProducts(options?: CallOptions): Promise<Product[]>;
}

export abstract class LoyaltyLedger {
  abstract getAccount(userId: string, options?: CallOptions): Promise<LoyaltyAccount>;
  abstract accrue(request: AccrualRequest, options?: CallOptions): Promise<Accrual>;
}

export abstract class Recommender {
  abstract recommend(
    userId: string,
    limit: number,
    options?: CallOptions,
  ): Promise<RecommendationList>;
}

export class UserClient extends UserDirectory {
  private readonly http: HttpJsonClient;
  constructor(config: DownstreamConfig) {
    super();
    this.http = new HttpJsonClient('user-service', config);
  }
  getUser(userId: string, options?: CallOptions): Promise<User> {
    return this.http.call(
      { method: 'GET', template: '/users/:userId', params: { userId }, schema: UserSchema },
      options,
    );
  }
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

export class LoyaltyClient extends LoyaltyLedger {
  private readonly http: HttpJsonClient;
  constructor(config: DownstreamConfig) {
    super();
    this.http = new HttpJsonClient('loyalty-service', config);
  }
  getAccount(userId: string, options?: CallOptions): Promise<LoyaltyAccount> {
    return this.http.call(
      {
        method: 'GET',
        template: '/users/:userId/points',
        params: { userId },
        schema: LoyaltyAccountSchema,
      },
      options,
    );
  }
  accrue(request: AccrualRequest, options?: CallOptions): Promise<Accrual> {
    return this.http.call(
      { method: 'POST', template: '/accruals', body: request, schema: AccrualSchema },
      options,
    );
  }
}

export class RecommendationClient extends Recommender {
  private readonly http: HttpJsonClient;
  constructor(config: DownstreamConfig) {
    super();
    this.http = new HttpJsonClient('recommendation-service', config);
  }
  recommend(userId: string, limit: number, options?: CallOptions): Promise<RecommendationList> {
    return this.http.call(
      {
        method: 'GET',
        template: '/users/:userId/recommendations',
        params: { userId },
        query: { limit },
        schema: RecommendationListSchema,
      },
      options,
    );
  }
}
