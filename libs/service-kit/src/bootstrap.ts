import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { requestContextMiddleware } from '@suite/correlation';
import { Logger } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { accessLog } from './logging/access-log';
import { ROOT_LOGGER } from './logging/logger-module';
import { quietBoot } from './logging/quiet-boot';
import { JsonExceptionFilter } from './http/json-exception.filter';
import { HardenedExpressAdapter } from './http/hardened-express.adapter';
import { serverLimits } from './http/server-limits';

export interface RunOptions {
  serviceName: string;
  port: number;
  /** 127.0.0.1 by default: a laptop demo should not listen on the LAN. Compose sets 0.0.0.0. */
  host: string;
  /** Largest accepted JSON body. */
  bodyLimit?: string;
}

/** A suite service, wired and initialised but not listening: what tests start on a port of their own. */
export async function createServiceApp(
  module: unknown,
  options: Pick<RunOptions, 'serviceName' | 'bodyLimit'>,
): Promise<NestExpressApplication> {
  // Header size and socket timeouts set explicitly (server-limits.ts), not left to Node's defaults.
  const adapter = new HardenedExpressAdapter(options.serviceName, serverLimits());
  // Start-up is not a request: untraced, so Jaeger holds no "Create Nest App" or seeding roots. Only
  // create() is wrapped: timers started later (init, listen) must not inherit the suppression.
  const app = await context.with(suppressTracing(context.active()), () =>
    NestFactory.create<NestExpressApplication>(module as never, adapter, {
      bufferLogs: true,
      bodyParser: false,
    }),
  );
  app.useLogger(quietBoot(app.get(Logger)));
  app.disable('x-powered-by');
  // No callers send If-None-Match to these JSON APIs; express would hash every response body for it.
  app.disable('etag');
  // Before Nest's own middleware, so access logs, every handler and every outgoing call run in the
  // request context (correlation id and deadline), read with requestContext().
  app.use(requestContextMiddleware());
  // One access-log line per request, with the request's trace and correlation ids.
  const logger = rootLogger(app);
  if (logger) app.use(accessLog(logger));
  app.useBodyParser('json', { limit: options.bodyLimit ?? '64kb' });
  // Right after the parser: malformed JSON and oversized bodies get an answer that says what to fix
  // (Nest's router would pass on the parser's bare message).
  const filter = new JsonExceptionFilter(options.serviceName);
  app.use((error: unknown, req: unknown, res: unknown, _next: unknown) =>
    filter.catch(error, {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as never),
  );
  // SIGTERM: stop accepting, drain in-flight requests, then close the database and flush spans (in
  // that order, see ServiceKitModule); then Nest re-raises the signal (exit by SIGTERM: graceful).
  app.enableShutdownHooks();
  await app.init();
  return app;
}

/** Starts a suite service: the one place where HTTP plumbing is wired, so main.ts stays one line. */
export async function runService(
  module: unknown,
  options: RunOptions,
): Promise<NestExpressApplication> {
  try {
    const app = await createServiceApp(module, options);
    await app.listen(options.port, options.host);
    boundShutdown(app, options.serviceName);
    app
      .get(Logger)
      .log(`${options.serviceName} listening on http://${options.host}:${options.port}`);
    return app;
  } catch (error) {
    const hint =
      (error as { code?: string }).code === 'EADDRINUSE'
        ? ` (port ${options.port} is taken: set PORT)`
        : '';
    console.error(`${options.serviceName} could not start${hint}:`, error);
    process.exit(1);
  }
}

/** The service's pino logger, when its module imports ServiceKitModule. */
function rootLogger(app: NestExpressApplication): Pino | undefined {
  try {
    return app.get<Pino>(ROOT_LOGGER, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * Bounds the drain that enableShutdownHooks starts: idle keep-alive sockets are closed as soon as
 * they go idle, and a request still running after SHUTDOWN_GRACE_MS does not keep the process alive.
 */
function boundShutdown(app: NestExpressApplication, serviceName: string): void {
  const { shutdownGraceMs } = serverLimits();
  const server = app.getHttpServer() as Server;
  const onSignal = (signal: NodeJS.Signals): void => {
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      console.error(
        `${serviceName}: shutdown not finished ${shutdownGraceMs} ms after ${signal} (SHUTDOWN_GRACE_MS: requests still running, or a close that hangs); exiting anyway`,
      );
      process.exit(1);
    }, shutdownGraceMs).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
