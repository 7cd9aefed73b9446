import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  GatewayTimeoutException,
  HttpException,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { context, trace, type Attributes, type Span } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import { from, of, switchMap, type Observable } from 'rxjs';
import { requestContext } from '@suite/correlation';
import { sampleLatencyMs } from '../latency/latency-profile';
import { ChaosRegistry, type ActiveFault } from './chaos-registry';

/** Never faulted: the admin API itself (so faults can always be cleared) and the health probes. */
const EXEMPT = /^\/(admin\/chaos|health)(\/|$)/;

interface RoutedRequest extends IncomingMessage {
  path: string;
  method: string;
  route?: { path?: unknown };
}

/** Resolves after `ms`, or early when the caller hangs up (true then). */
function wait(ms: number, hungUp: AbortSignal): Promise<boolean> {
  if (hungUp.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (early: boolean) => {
      clearTimeout(timer);
      hungUp.removeEventListener('abort', onAbort);
      resolve(early);
    };
    const onAbort = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    hungUp.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Injects the active chaos faults into matching requests: latency first, then at most one terminal
 * fault (error, reset or hang). Each one is recorded on the SERVER span as `chaos.*` attributes and a
 * `chaos.injected` event, so a trace shows what was injected where.
 */
@Injectable()
export class ChaosInterceptor implements NestInterceptor {
  constructor(@Inject(ChaosRegistry) private readonly registry: ChaosRegistry) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const http = execution.switchToHttp();
    const req = http.getRequest<RoutedRequest>();
    if (EXEMPT.test(req.path)) return next.handle();
    const template = typeof req.route?.path === 'string' ? req.route.path : undefined;
    const hits = this.registry.select(req.method, template, req.path);
    if (hits.length === 0) return next.handle();
    // The server span (not Nest's handler span): the one Jaeger shows for this service's hop.
    const span = getRPCMetadata(context.active())?.span ?? trace.getActiveSpan();
    const res = http.getResponse<ServerResponse>();
    return from(this.inject(hits, req, res, span)).pipe(
      // false: the connection is gone (reset, or the caller gave up on a hang); nothing to answer.
      switchMap((proceed) => (proceed ? next.handle() : of(undefined))),
    );
  }

  private async inject(
    hits: ActiveFault[],
    req: RoutedRequest,
    res: ServerResponse,
    span: Span | undefined,
  ): Promise<boolean> {
    const hangUp = new AbortController();
    res.once('close', () => hangUp.abort());
    const terminal = hits.find((h) => h.fault.kind !== 'latency');
    const applied = [
      ...hits.filter((h) => h.fault.kind === 'latency'),
      ...(terminal ? [terminal] : []),
    ];
    const summary: Attributes = {
      'chaos.fault': applied.map((h) => h.id).join(','),
      'chaos.kind': applied.map((h) => h.fault.kind).join(','),
    };

    let latencyMs = 0;
    for (const hit of applied) {
      if (hit.fault.kind !== 'latency') continue;
      const ms = sampleLatencyMs(hit.fault.latency);
      latencyMs += ms;
      record(span, hit, { 'chaos.latency_ms': ms });
    }
    span?.setAttributes({ ...summary, ...(latencyMs ? { 'chaos.latency_ms': latencyMs } : {}) });
    if (latencyMs > 0 && (await wait(latencyMs, hangUp.signal))) return false;
    if (!terminal) return true;

    const fault = terminal.fault;
    const clear = `clear it with DELETE /admin/chaos/faults/${terminal.id}`;
    switch (fault.kind) {
      case 'error':
        record(span, terminal, { 'chaos.status': fault.status });
        span?.setAttribute('chaos.status', fault.status);
        throw new HttpException(
          { message: `chaos: fault ${terminal.id} injected a ${fault.status} (${clear})` },
          fault.status,
        );
      case 'reset':
        record(span, terminal, {});
        // No response at all: the caller sees its connection reset, like a crashed process.
        req.socket.destroy();
        return false;
      case 'hang': {
        // Until the caller's deadline at most: a hang nobody waits for is only a held socket.
        const deadline = requestContext().deadline;
        const ms = deadline?.bounded ? Math.min(deadline.remainingMs(), fault.maxMs) : fault.maxMs;
        record(span, terminal, { 'chaos.hang_max_ms': ms });
        span?.setAttribute('chaos.hang_max_ms', ms);
        if (await wait(ms, hangUp.signal)) return false;
        throw new GatewayTimeoutException(
          `chaos: fault ${terminal.id} hung this request for ${ms} ms (${clear})`,
        );
      }
      case 'latency':
        return true;
    }
  }
}

function record(span: Span | undefined, hit: ActiveFault, extra: Attributes): void {
  span?.addEvent('chaos.injected', {
    'chaos.fault': hit.id,
    'chaos.kind': hit.fault.kind,
    'chaos.route': hit.fault.route ?? '*',
    'chaos.rate': hit.fault.rate,
    ...extra,
  });
}
