import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { requestContext } from '@suite/correlation';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { TurnBatchedDestination } from './turn-batched-destination';

export type LogFormat = 'json' | 'pretty';

/** Every line carries the trace, the span and the correlation id of the request that wrote it. */
export function traceFields(): Record<string, string> {
  const active = context.active();
  const fields: Record<string, string> = {};
  const spanContext = trace.getSpan(active)?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    fields['trace_id'] = spanContext.traceId;
    fields['span_id'] = spanContext.spanId;
  }
  const { correlationId } = requestContext(active);
  if (correlationId) fields['correlation_id'] = correlationId;
  return fields;
}

export function logFormat(env = process.env): LogFormat {
  const format = env['LOG_FORMAT'];
  if (format === 'json' || format === 'pretty') return format;
  return process.stdout.isTTY ? 'pretty' : 'json';
}

export function createLogger(service: string, env = process.env): Logger {
  const options: LoggerOptions = {
    level: env['LOG_LEVEL'] ?? 'info',
    base: { service },
    mixin: traceFields,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (logFormat(env) === 'pretty') {
    return pino({
      ...options,
      transport: {
        target: 'pino-pretty',
        options: {
          singleLine: true,
          translateTime: 'HH:MM:ss.l',
          ignore: 'pid,hostname,service,req,res',
        },
      },
    });
  }
  // One write per turn of the event loop rather than per line (turn-batched-destination.ts).
  const destination = new TurnBatchedDestination(pino.destination({ dest: 1, sync: true }));
  process.once('exit', () => destination.flushSync());
  return pino(options, destination);
}
