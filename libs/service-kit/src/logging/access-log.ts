import type { IncomingMessage, ServerResponse } from 'node:http';
import { isProbe } from '@suite/telemetry';
import type { Logger } from 'pino';
import { traceFields } from './logger';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * One line per request, when its response is done: method, URL, status, response time, and the
 * trace, span and correlation ids of the request (read when it arrives, inside its context).
 * Health probes are not logged. Replaces pino-http, which built a child logger and serialised the
 * request on every request: about a sixth of a leaf service's CPU in a profile.
 */
export function accessLog(logger: Logger): Middleware {
  return (req, res, next) => {
    if (isProbe(req.url)) return next();
    const started = performance.now();
    const ids = traceFields();
    const { method, url } = req;
    res.once('close', () => {
      const statusCode = res.statusCode;
      const line = {
        ...ids,
        req: { method, url },
        res: { statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (!res.writableFinished) logger.warn(line, 'request aborted');
      else if (statusCode >= 500) logger.error(line, 'request errored');
      else logger.info(line, 'request completed');
    });
    next();
  };
}
