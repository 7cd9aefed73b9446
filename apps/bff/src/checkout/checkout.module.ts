import { Module } from '@nestjs/common';
import { ClientsModule } from '@suite/clients';
import { OutboxModule } from '../outbox/outbox.module';
import { Catalogue } from './catalogue';
import { CheckoutController } from './checkout.controller';
import { CheckoutService } from './checkout.service';

@Module({
  imports: [ClientsModule.register(['user', 'orders', 'loyalty']), OutboxModule],
  controllers: [CheckoutController],
  providers: [CheckoutService, Catalogue],
})
export class CheckoutModule {}
