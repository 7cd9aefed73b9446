import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ErrorBody } from '@suite/contracts';
import { requestContext } from '@suite/correlation';
import type { ServerResponse } from 'node:http';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  499: 'Client Closed Request',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Every error, of every service, is JSON with the correlation id, and is recorded on the span. */
@Catch()
export class JsonExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly serviceName: string) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<ServerResponse>();
    const body = this.toBody(exception);
    const { correlationId } = requestContext();
    if (correlationId) body.correlationId = correlationId;

    const span = trace.getActiveSpan();
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, statusCode: body.statusCode }, body.message);
      if (exception instanceof Error) span?.recordException(exception);
      span?.setStatus({ code: SpanStatusCode.ERROR, message: body.message });
    } else {
      span?.addEvent('request rejected', {
        'http.response.status_code': body.statusCode,
        'app.reason': body.message,
      });
    }
    if (res.headersSent) return void res.end();
    res.statusCode = body.statusCode;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const details =
        typeof response === 'object' && response !== null
          ? (response as Record<string, unknown>)
          : {};
      const message =
        typeof response === 'string'
          ? response
          : Array.isArray(details['message'])
            ? details['message'].join('; ')
            : String(details['message'] ?? exception.message);
      return {
        statusCode,
        error:
          REASONS[statusCode] ??
          (typeof details['error'] === 'string' ? details['error'] : 'Error'),
        // Nest's bare "Cannot GET /x" for unknown routes: say what to do about it.
        message: /^Cannot [A-Z]+ /.test(message)
          ? `${message}: no such route; check the method and the path (the README lists the API)`
          : message,
        ...(Array.isArray(details['issues'])
          ? { issues: details['issues'] as ErrorBody['issues'] }
          : {}),
      };
    }
    // body-parser and friends throw plain errors that carry an HTTP status (malformed JSON: 400).
    const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      const message =
        type === 'entity.parse.failed'
          ? 'Malformed JSON body: send a valid JSON document with content-type application/json'
          : type === 'entity.too.large'
            ? `Body too large: the limit is ${(exception as { limit?: number }).limit ?? '?'} bytes`
            : type === undefined && /^Failed to decode param/.test((exception as Error).message)
              ? `${(exception as Error).message}: percent-encode the path as UTF-8`
              : (exception as Error).message;
      return { statusCode: status, error: REASONS[status] ?? 'Bad Request', message };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: REASONS[500]!,
      message: `${this.serviceName} failed unexpectedly; its log and the trace of this correlation id say why`,
    };
  }
}
