import { Module } from '@nestjs/common';
import { AccrualOutboxModule } from '../accrual-outbox/accrual-outbox.module';
import { Catalogue } from './catalogue';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';

/** POST /api/checkout; its clients (user, orders, loyalty) come from the app's ClientsModule. */
@Module({
  imports: [AccrualOutboxModule],
  controllers: [CheckoutController],
  providers: [CheckoutService, Catalogue],
})
export class CheckoutModule {}
