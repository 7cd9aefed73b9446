import { Module } from '@nestjs/common';
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
    RecommendationsModule,
  ],
})
export class AppModule {}
