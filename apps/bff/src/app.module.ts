import { Module } from '@nestjs/common';
import { ClientsModule } from '@suite/clients';
import { ServiceKitModule } from '@suite/service-kit';
import { bffDatabase } from './accrual-outbox/bff.database';
import { AccrualOutboxModule } from './accrual-outbox/accrual-outbox.module';
import { CheckoutModule } from './checkout/checkout.module';
import { config } from './config';
import { DashboardModule } from './dashboard/dashboard.module';
import { DemoModule } from './demo/demo.module';
import { LoadSheddingModule } from './load-shedding/load-shedding.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({ serviceName: config.serviceName, database: bffDatabase }),
    // One client and one resilience policy per downstream, shared by every module below.
    ClientsModule.forRoot({
      downstreams: ['user', 'orders', 'loyalty', 'recommendations'],
      scenarios: config.scenarios,
    }),
    DashboardModule,
    CheckoutModule,
    AccrualOutboxModule,
    RateLimitModule,
    LoadSheddingModule,
    DemoModule,
  ],
})
export class AppModule {}
