import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { CheckoutIdSchema, CheckoutRequestSchema, type CheckoutRequest } from '@suite/contracts';
import { ZodValidationPipe } from '@suite/service-kit';
import type { Response } from 'express';
import { CheckoutService, type CheckoutResult } from './checkout.service';

// Nest's @Headers() takes no pipes, so the key is validated in the handler.
const idempotencyKeyPipe = new ZodValidationPipe(CheckoutIdSchema.optional(), 'Idempotency-Key');

@Controller('api/checkout')
export class CheckoutController {
  constructor(private readonly checkouts: CheckoutService) {}

  @Post()
  @HttpCode(201)
  async checkout(
    @Body(new ZodValidationPipe(CheckoutRequestSchema, 'body')) body: CheckoutRequest,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CheckoutResult> {
    const idempotencyKey = idempotencyKeyPipe.transform(rawIdempotencyKey);
    const result = await this.checkouts.checkout(body, idempotencyKey);
    res.setHeader('idempotency-key', result.meta.idempotencyKey);
    return result;
  }
}
