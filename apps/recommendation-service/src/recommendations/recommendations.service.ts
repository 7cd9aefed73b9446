import { Inject, Injectable, Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { OrderStore, type DownstreamError } from '@suite/clients';
import type { Order, Recommendation, RecommendationList } from '@suite/contracts';
import { DATABASE, TracedDatabase } from '@suite/service-kit';
import { config } from '../config';

interface ProductRow {
  sku: string;
  name: string;
  category: string;
  popularity: number;
}

@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger(RecommendationsService.name);
  /** SCENARIO_N_PLUS_ONE (libs/service-kit/src/config/scenarios.ts). */
  private readonly nPlusOne = config.scenarios.nPlusOne;

  constructor(
    @Inject(DATABASE) private readonly db: TracedDatabase,
    private readonly orders: OrderStore,
  ) {}

  /** Personalised from the user's order history; the most popular products when that is unavailable. */
  async recommend(userId: string, limit: number): Promise<RecommendationList> {
    let history: Order[];
    try {
      history = await this.history(userId);
    } catch (error) {
      const reason = (error as DownstreamError).message;
      this.logger.warn({ reason }, 'order history unavailable: recommending popular products');
      trace
        .getActiveSpan()
        ?.addEvent('fallback', { 'app.fallback': 'popular products', 'app.reason': reason });
      return {
        userId,
        source: 'popular',
        items: this.popular(limit, 'popular with everyone (order history unavailable)'),
      };
    }
    if (history.length === 0) {
      return {
        userId,
        source: 'personalised',
        items: this.popular(limit, 'popular with everyone (no orders yet)'),
      };
    }
    return { userId, source: 'personalised', items: this.personalised(history, limit) };
  }

  /**
   * The fix: one call for the whole history. Scenario 2 (N+1): the list, then each order fetched on
   * its own, one after another, as code written against a list-of-ids API ends up doing.
   */
  private async history(userId: string): Promise<Order[]> {
    const list = (await this.orders.listOrders(userId, config.historyOrders)).orders;
    if (!this.nPlusOne) return list;
    trace.getActiveSpan()?.setAttribute('app.scenario.n_plus_one', list.length);
    const orders: Order[] = [];
    for (const { id } of list) orders.push(await this.orders.getOrder(id));
    return orders;
  }

  private personalised(history: Order[], limit: number): Recommendation[] {
    const bought = new Set<string>();
    const weight = new Map<string, number>();
    for (const line of history.flatMap((o) => o.items)) {
      bought.add(line.sku);
      weight.set(line.category, (weight.get(line.category) ?? 0) + line.quantity);
    }
    const categories = [...weight.keys()];
    const candidates = this.db.all<ProductRow>(
      `SELECT sku, name, category, popularity FROM products WHERE category IN (${categories.map(() => '?').join(', ')})`,
      ...categories,
    );
    return candidates
      .filter((p) => !bought.has(p.sku))
      .map((p) => ({
        sku: p.sku,
        name: p.name,
        category: p.category,
        score: (weight.get(p.category) ?? 0) * 100 + p.popularity,
        reason: `you bought ${weight.get(p.category)} ${p.category} items`,
      }))
      .sort((a, b) => b.score - a.score || a.sku.localeCompare(b.sku))
      .slice(0, limit);
  }

  private popular(limit: number, reason: string): Recommendation[] {
    return this.db
      .all<ProductRow>(
        'SELECT sku, name, category, popularity FROM products ORDER BY popularity DESC, sku LIMIT ?',
        limit,
      )
      .map((p) => ({
        sku: p.sku,
        name: p.name,
        category: p.category,
        score: p.popularity,
        reason,
      }));
  }
}
