import { Injectable } from '@nestjs/common';
import { OrderStore } from '@suite/clients';
import { config } from '../config';

/** The BFF's short-lived copy of order-service's skus, to refuse unknown ones before writing anything. */
@Injectable()
export class Catalogue {
  private skus?: Promise<Set<string>>;
  private fetchedAt = 0;

  constructor(private readonly orders: OrderStore) {}

  async unknownSkus(skus: string[]): Promise<string[]> {
    if (!this.skus || Date.now() - this.fetchedAt > config.checkout.catalogueTtlMs) {
      this.fetchedAt = Date.now();
      this.skus = this.orders
        .listProducts()
        .then((products) => new Set(products.map((p) => p.sku)));
      // A failed fetch must not be cached.
      this.skus.catch(() => (this.skus = undefined));
    }
    const known = await this.skus;
    return skus.filter((sku) => !known.has(sku));
  }
}
