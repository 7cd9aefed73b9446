import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  AccrualRequestSchema,
  UserIdSchema,
  type Accrual,
  type AccrualRequest,
  type LoyaltyAccount,
} from '@suite/contracts';
import { SimulatedLatency, ZodValidationPipe } from '@suite/service-kit';
import type { Response } from 'express';
import { LoyaltyService } from './loyalty.service';

@Controller()
export class LoyaltyController {
  constructor(private readonly loyalty: LoyaltyService) {}

  @Get('users/:userId/points')
  @SimulatedLatency('points.get')
  points(
    @Param('userId', new ZodValidationPipe(UserIdSchema, 'userId')) userId: string,
  ): LoyaltyAccount {
    return this.loyalty.account(userId);
  }

  @Post('accruals')
  @SimulatedLatency('accruals.create')
  accrue(
    @Body(new ZodValidationPipe(AccrualRequestSchema, 'body')) body: AccrualRequest,
    @Res({ passthrough: true }) res: Response,
  ): Accrual {
    const { accrual, replayed } = this.loyalty.accrue(body);
    res.status(replayed ? 200 : 201);
    if (replayed) res.setHeader('idempotent-replayed', 'true');
    return accrual;
  }
}
