import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@suite/service-kit';
import { CheckoutModule } from './checkout/checkout.module';
import { config } from './config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DemoModule } from './demo/demo.module';
import { LoadSheddingModule } from './load-shedding/load-shedding.module';
import { bffDatabase } from './outbox/outbox.database';
import { OutboxModule } from './outbox/outbox.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({ serviceName: config.serviceName, database: bffDatabase }),
    DashboardModule,
    CheckoutModule,
    OutboxModule,
    RateLimitModule,
    LoadSheddingModule,
    DemoModule,
  ],
})
export class AppModule {}
