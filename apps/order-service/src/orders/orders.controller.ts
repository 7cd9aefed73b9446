import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  CreateOrderRequestSchema,
  LimitQuerySchema,
  OrderIdSchema,
  UserIdSchema,
  type CreateOrderRequest,
  type Order,
  type OrderList,
  type Product,
} from '@suite/contracts';
import { SimulatedLatency, ZodValidationPipe } from '@suite/service-kit';
import type { Response } from 'express';
import { OrdersService } from './orders.service';

@Controller()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get('users/:userId/orders')
  @SimulatedLatency('orders.list')
  list(
    @Param('userId', new ZodValidationPipe(UserIdSchema, 'userId')) userId: string,
    @Query(new ZodValidationPipe(LimitQuerySchema, 'query')) query: { limit: number },
  ): OrderList {
    return { userId, orders: this.orders.listForUser(userId, query.limit) };
  }

  @Get('orders/:orderId')
  @SimulatedLatency('orders.get')
  get(@Param('orderId', new ZodValidationPipe(OrderIdSchema, 'orderId')) orderId: string): Order {
    return this.orders.get(orderId);
  }

  @Post('orders')
  @SimulatedLatency('orders.create')
  create(
    @Body(new ZodValidationPipe(CreateOrderRequestSchema, 'body')) body: CreateOrderRequest,
    @Res({ passthrough: true }) res: Response,
  ): Order {
    const { order, replayed } = this.orders.create(body);
    // A replay of the same checkout is not a new resource.
    res.status(replayed ? 200 : 201);
    if (replayed) res.setHeader('idempotent-replayed', 'true');
    return order;
  }

  @Get('products')
  @SimulatedLatency('products.list')
  products(): Product[] {
    return this.orders.products();
  }
}
