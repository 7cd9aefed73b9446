import { createServer, type Server } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import { continueInRequestContext } from '@suite/correlation';
import { answerClientError, type ServerLimits } from './server-limits';

type Middleware = Parameters<typeof continueInRequestContext>[0];

/**
 * Nest's Express adapter, with a Node server built with the limits of server-limits.ts, and body
 * parsers that keep the request context: they call `next` from the body's last 'data' event, whose
 * async context is the socket's, so the rest of the request would otherwise lose it.
 */
export class HardenedExpressAdapter extends ExpressAdapter {
  private registeringBodyParser = false;

  constructor(
    private readonly serviceName: string,
    private readonly limits: ServerLimits,
  ) {
    super();
  }

  override initHttpServer(): void {
    const server: Server = createServer(
      {
        maxHeaderSize: this.limits.maxHeaderBytes,
        headersTimeout: this.limits.headersTimeoutMs,
        requestTimeout: this.limits.requestTimeoutMs,
        keepAliveTimeout: this.limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: this.limits.timeoutCheckMs,
      },
      this.getInstance(),
    );
    server.on('clientError', answerClientError(this.serviceName, this.limits));
    this.httpServer = server;
  }

  /** Nest's listen(port, host, callback), with the listen backlog of server-limits.ts. */
  override listen(port: string | number, ...args: unknown[]): Server {
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    const host = args.find((arg) => typeof arg === 'string') as string | undefined;
    return (this.getHttpServer() as Server).listen(
      { port: Number(port), ...(host ? { host } : {}), backlog: this.limits.listenBacklog },
      callback,
    );
  }

  override useBodyParser(...args: Parameters<ExpressAdapter['useBodyParser']>): this {
    this.registeringBodyParser = true;
    try {
      return super.useBodyParser(...args);
    } finally {
      this.registeringBodyParser = false;
    }
  }

  override use(...args: unknown[]): unknown {
    if (!this.registeringBodyParser) return super.use(...args);
    return super.use(
      ...args.map((arg) =>
        typeof arg === 'function' ? continueInRequestContext(arg as Middleware) : arg,
      ),
    );
  }
}
