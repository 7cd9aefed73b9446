import { Injectable } from '@nestjs/common';
import type { Recommendation, RecommendationList } from '@suite/contracts';
import { CATALOGUE, seedOrders } from '@suite/fixtures';

/**
 * What the dashboard recommends when recommendation-service cannot: the freshest `popular` list it
 * sent (its own fallback), else a built-in list ranked the way it ranks them (units in seed orders).
 */
@Injectable()
export class PopularItems {
  private cached?: Recommendation[];
  private readonly builtIn = rankBySeedOrders();

  remember(list: RecommendationList): void {
    if (list.source === 'popular' && list.items.length > 0) this.cached = list.items;
  }

  fallback(limit: number): { items: Recommendation[]; origin: string } {
    return this.cached
      ? {
          items: this.cached.slice(0, limit),
          origin: 'popular items (cached from recommendation-service)',
        }
      : { items: this.builtIn.slice(0, limit), origin: 'popular items (built-in list)' };
  }
}

function rankBySeedOrders(): Recommendation[] {
  const units = new Map<string, number>();
  for (const order of seedOrders()) {
    for (const line of order.items) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
  }
  return CATALOGUE.map((p) => ({
    sku: p.sku,
    name: p.name,
    category: p.category,
    score: units.get(p.sku) ?? 0,
    reason: 'popular with everyone (recommendations are unavailable right now)',
  })).sort((a, b) => b.score - a.score || a.sku.localeCompare(b.sku));
}
