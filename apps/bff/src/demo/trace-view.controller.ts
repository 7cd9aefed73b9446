import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  ServiceUnavailableException,
} from '@nestjs/common';
import { JaegerTraceView, type TraceRow } from './jaeger-trace-view';

/**
 * GET /api/traces/:traceId: one trace from Jaeger's query API, as the span model `npm run trace`
 * draws. The demo page draws it itself where the linked Jaeger has only its placeholder UI.
 */
@Controller('api/traces')
export class TraceViewController {
  constructor(@Inject(JaegerTraceView) private readonly view: JaegerTraceView) {}

  @Get(':traceId')
  async trace(@Param('traceId') traceId: string): Promise<{ traceId: string; spans: TraceRow[] }> {
    const found = await this.view.trace(traceId);
    switch (found.kind) {
      case 'found':
        return { traceId: found.traceId, spans: found.spans };
      case 'invalid':
        throw new BadRequestException(found.message);
      case 'missing':
        throw new NotFoundException(found.message);
      case 'unavailable':
        throw new ServiceUnavailableException(found.message);
    }
  }
}
