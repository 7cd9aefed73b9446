import { Module } from '@nestjs/common';
import { ClientsModule } from '@suite/clients';
import { ServiceKitModule } from '@suite/service-kit';
import { config } from './config';
import { recommendationsDatabase } from './recommendations/recommendations.database';
import { RecommendationsModule } from './recommendations/recommendations.module';

@Module({
  imports: [
    ServiceKitModule.forRoot({
      serviceName: config.serviceName,
      latency: config.latency,
      database: recommendationsDatabase,
    }),
    // order-service: its client and resilience policy (ORDER_SERVICE_* variables).
    ClientsModule.forRoot({ downstreams: ['orders'], scenarios: config.scenarios }),
    RecommendationsModule,
  ],
})
export class AppModule {}
