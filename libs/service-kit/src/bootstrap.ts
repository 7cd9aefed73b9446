import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { correlationMiddleware } from '@suite/correlation';
import { Logger } from 'nestjs-pino';
import { JsonExceptionFilter } from './http/json-exception.filter';

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
  const app = await NestFactory.create<NestExpressApplication>(module as never, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // Before Nest's own middleware, so access logs and every handler see the correlation id.
  app.use(correlationMiddleware());
  app.useBodyParser('json', { limit: options.bodyLimit ?? '64kb' });
  // Right after the parser: malformed JSON and oversized bodies get an answer that says what to fix
  // (Nest's router would pass on the parser's bare message).
  const filter = new JsonExceptionFilter(options.serviceName);
  app.use((error: unknown, req: unknown, res: unknown, _next: unknown) =>
    filter.catch(error, {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as never),
  );
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
