import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  DashboardQuerySchema,
  UserIdSchema,
  type Dashboard,
  type DashboardQuery,
} from '@suite/contracts';
import { ZodValidationPipe } from '@suite/service-kit';
import { DashboardService } from './dashboard.service';

@Controller('api/users/:userId/dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  get(
    @Param('userId', new ZodValidationPipe(UserIdSchema, 'userId')) userId: string,
    @Query(new ZodValidationPipe(DashboardQuerySchema, 'query')) query: DashboardQuery,
  ): Promise<Dashboard> {
    return this.dashboard.assemble(userId, query);
  }
}
