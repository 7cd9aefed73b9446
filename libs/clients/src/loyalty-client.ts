import {
  AccrualSchema,
  LoyaltyAccountSchema,
  type Accrual,
  type AccrualRequest,
  type LoyaltyAccount,
} from '@suite/contracts';
import { HttpJsonClient } from './http/http-json-client';
import type { CallOptions, DownstreamConfig } from './http/json-call';

/** loyalty-service; an abstract class doubles as Nest token and as a test's fake. */
export abstract class LoyaltyLedger {
  abstract getAccount(userId: string, options?: CallOptions): Promise<LoyaltyAccount>;
  abstract accrue(request: AccrualRequest, options?: CallOptions): Promise<Accrual>;
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
