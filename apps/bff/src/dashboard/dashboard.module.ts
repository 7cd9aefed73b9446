import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { PopularItems } from './popular-items';

/** The dashboard fan-out; its four clients come from the app's ClientsModule. */
@Module({
  controllers: [DashboardController],
  providers: [DashboardService, PopularItems],
})
export class DashboardModule {}
