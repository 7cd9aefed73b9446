import { Controller, Get, Param, Query } from '@nestjs/common';
import { LimitQuerySchema, UserIdSchema, type RecommendationList } from '@suite/contracts';
import { SimulatedLatency, ZodValidationPipe } from '@suite/service-kit';
import { RecommendationsService } from './recommendations.service';

@Controller('users/:userId/recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @SimulatedLatency('recommendations.score')
  recommend(
    @Param('userId', new ZodValidationPipe(UserIdSchema, 'userId')) userId: string,
    @Query(new ZodValidationPipe(LimitQuerySchema, 'query')) query: { limit: number },
  ): Promise<RecommendationList> {
    return this.recommendations.recommend(userId, query.limit);
  }
}
