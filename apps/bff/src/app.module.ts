import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@suite/service-kit';
import { CheckoutModule } from './checkout/checkout.module';
import { config } from './config';
import { DashboardModule } from './dashboard/dashboard.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({ serviceName: config.serviceName }),
    DashboardModule,
    CheckoutModule,
  ],
})
export class AppModule {}
