import { Module } from '@nestjs/common';
import { DemoChaosService } from './demo-chaos.service';
import { DemoController } from './demo.controller';

/** The demo page (apps/bff/web), its settings and its chaos buttons. */
@Module({
  controllers: [DemoController],
  providers: [DemoChaosService],
})
export class DemoModule {}
