import { Module } from '@nestjs/common';
import { AccrualDeliveryWorker } from './accrual-delivery-worker';
import { AccrualOutbox } from './accrual-outbox';
import { AccrualOutboxController } from './accrual-outbox.controller';

/** The durable outbox of loyalty accruals (GET /api/outbox) and its delivery worker. */
@Module({
  controllers: [AccrualOutboxController],
  providers: [AccrualOutbox, AccrualDeliveryWorker],
  exports: [AccrualOutbox],
})
export class AccrualOutboxModule {}
