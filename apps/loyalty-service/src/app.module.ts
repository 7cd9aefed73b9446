import { Module } from '@nestjs/common';
import { ServiceKitModule } from '@suite/service-kit';
import { config } from './config';
import { loyaltyDatabase } from './loyalty/loyalty.database';
import { LoyaltyModule } from './loyalty/loyalty.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: config.serviceName,
      latency: config.latency,
      database: loyaltyDatabase,
    }),
    LoyaltyModule,
  ],
})
export class AppModule {}
