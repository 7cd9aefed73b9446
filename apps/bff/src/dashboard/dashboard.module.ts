import { Module } from '@nestjs/common';
import { ClientsModule } from '@suite/clients';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { PopularItems } from './popular-items.service';

@Module({
  imports: [ClientsModule.register(['user', 'orders', 'loyalty', 'recommendations'])],
  controllers: [DashboardController],
  providers: [DashboardService, PopularItems],
})
export class DashboardModule {}
