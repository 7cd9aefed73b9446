import { Module } from '@nestjs/common';
import { config } from '../config';
import { DemoChaosService } from './demo-chaos.service';
import { DemoController } from './demo.controller';
import { JaegerTraceView } from './jaeger-trace-view';
import { TraceViewController } from './trace-view.controller';

/** The demo page (apps/bff/web), its settings, its chaos buttons and its inline trace view. */
@Module({
  controllers: [DemoController, TraceViewController],
  providers: [
    DemoChaosService,
    { provide: JaegerTraceView, useFactory: () => new JaegerTraceView(config.demo.jaegerQueryUrl) },
  ],
})
export class DemoModule {}
