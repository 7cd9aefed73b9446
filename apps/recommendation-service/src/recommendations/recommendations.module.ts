import { Module } from '@nestjs/common';
import { ClientsModule } from '@suite/clients';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';

@Module({
  imports: [ClientsModule.register(['orders'])],
  controllers: [RecommendationsController],
  providers: [RecommendationsService],
})
export class RecommendationsModule {}
