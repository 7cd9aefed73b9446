import { RecommendationListSchema, type RecommendationList } from '@suite/contracts';
import { HttpJsonClient } from './http/http-json-client';
import type { CallOptions, DownstreamConfig } from './http/json-call';

/** recommendation-service; an abstract class doubles as Nest token and as a test's fake. */
export abstract class Recommender {
  abstract recommend(
    userId: string,
    limit: number,
    options?: CallOptions,
  ): Promise<RecommendationList>;
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
