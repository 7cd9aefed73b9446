import { randomUUID } from 'node:crypto';
import {
  BadRequestException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { CreateOrderRequest, Order, OrderLine, Product } from '@suite/contracts';
import { DATABASE, TracedDatabase } from '@suite/service-kit';

interface OrderRow {
  id: string;
  user_id: string;
  checkout_id: string | null;
  created_at: string;
}
interface LineRow {
  order_id: string;
  sku: string;
  name: string;
  category: string;
  quantity: number;
  unit_price_cents: number;
}
interface ProductRow {
  sku: string;
  name: string;
  category: string;
  price_cents: number;
}

@Injectable()
export class OrdersService {
  constructor(@Inject(DATABASE) private readonly db: TracedDatabase) {}

  listForUser(userId: string, limit: number): Order[] {
    const orders = this.db.all<OrderRow>(
      'SELECT id, user_id, checkout_id, created_at FROM orders WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      userId,
      limit,
    );
    if (orders.length === 0) return [];
    // One query for all lines, not one per order.
    const lines = this.db.all<LineRow>(
      `SELECT l.order_id, l.sku, p.name, p.category, l.quantity, l.unit_price_cents
         FROM order_lines l JOIN products p ON p.sku = l.sku
        WHERE l.order_id IN (${orders.map(() => '?').join(', ')})
        ORDER BY l.sku`,
      ...orders.map((o) => o.id),
    );
    return orders.map((row) =>
      toOrder(
        row,
        lines.filter((l) => l.order_id === row.id),
      ),
    );
  }

  get(orderId: string): Order {
    const row = this.db.get<OrderRow>(
      'SELECT id, user_id, checkout_id, created_at FROM orders WHERE id = ?',
      orderId,
    );
    if (!row) {
      throw new NotFoundException(
        `order ${orderId} does not exist: GET /users/:userId/orders lists a user's orders`,
      );
    }
    return toOrder(row, this.linesOf(row.id));
  }

  /** Creates the order once per checkout id: a repeat returns the first order and writes nothing. */
  create(request: CreateOrderRequest): { order: Order; replayed: boolean } {
    const existing = this.findByCheckout(request.checkoutId);
    if (existing) {
      // A key names one request: the same key for another order is a client bug, not a replay.
      if (!sameOrder(existing, request)) {
        throw new UnprocessableEntityException(
          `checkout id ${request.checkoutId} was already used for another order (${existing.id}): send a new Idempotency-Key for a new checkout`,
        );
      }
      return { order: existing, replayed: true };
    }

    const products = new Map(
      this.db
        .all<ProductRow>(
          `SELECT sku, name, category, price_cents FROM products WHERE sku IN (${request.items.map(() => '?').join(', ')})`,
          ...request.items.map((i) => i.sku),
        )
        .map((p) => [p.sku, p]),
    );
    const unknown = request.items.filter((i) => !products.has(i.sku)).map((i) => i.sku);
    if (unknown.length > 0) {
      throw new BadRequestException(
        `unknown sku ${unknown.join(', ')}: GET /products lists the catalogue`,
      );
    }
    const skus = request.items.map((i) => i.sku);
    if (new Set(skus).size !== skus.length) {
      throw new BadRequestException(
        'each sku may appear once per order: add up the quantities instead',
      );
    }

    const id = `o-${randomUUID()}`;
    this.db.transaction(() => {
      this.db.run(
        'INSERT INTO orders (id, user_id, checkout_id, created_at) VALUES (?, ?, ?, ?)',
        id,
        request.userId,
        request.checkoutId,
        new Date().toISOString(),
      );
      for (const item of request.items) {
        this.db.run(
          'INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?)',
          id,
          item.sku,
          item.quantity,
          products.get(item.sku)!.price_cents,
        );
      }
    });
    return { order: this.findByCheckout(request.checkoutId)!, replayed: false };
  }

  products(): Product[] {
    return this.db
      .all<ProductRow>('SELECT sku, name, category, price_cents FROM products ORDER BY sku')
      .map((p) => ({ sku: p.sku, name: p.name, category: p.category, priceCents: p.price_cents }));
  }

  private findByCheckout(checkoutId: string): Order | undefined {
    const row = this.db.get<OrderRow>(
      'SELECT id, user_id, checkout_id, created_at FROM orders WHERE checkout_id = ?',
      checkoutId,
    );
    if (!row) return undefined;
    return toOrder(row, this.linesOf(row.id));
  }

  private linesOf(orderId: string): LineRow[] {
    return this.db.all<LineRow>(
      `SELECT l.order_id, l.sku, p.name, p.category, l.quantity, l.unit_price_cents
         FROM order_lines l JOIN products p ON p.sku = l.sku WHERE l.order_id = ? ORDER BY l.sku`,
      orderId,
    );
  }
}

function toOrder(row: OrderRow, lines: LineRow[]): Order {
  const items: OrderLine[] = lines.map((l) => ({
    sku: l.sku,
    name: l.name,
    category: l.category,
    quantity: l.quantity,
    unitPriceCents: l.unit_price_cents,
  }));
  return {
    id: row.id,
    userId: row.user_id,
    checkoutId: row.checkout_id,
    createdAt: row.created_at,
    totalCents: items.reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0),
    items,
  };
}

/** True when the stored order is what this request asks for: same user, same skus and quantities. */
function sameOrder(order: Order, request: CreateOrderRequest): boolean {
  const wanted = (items: readonly { sku: string; quantity: number }[]) =>
    items
      .map((i) => `${i.sku}x${i.quantity}`)
      .sort()
      .join(',');
  return order.userId === request.userId && wanted(order.items) === wanted(request.items);
}
