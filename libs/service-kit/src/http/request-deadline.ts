import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  GatewayTimeoutException,
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import {
  DEADLINE_HEADER,
  Deadline,
  contextWithDeadline,
  parseDeadlineHeader,
} from '@suite/clients';
import { Observable } from 'rxjs';

export interface DeadlineRequest extends IncomingMessage {
  deadline?: Deadline;
}

/**
 * Turns the caller's `x-deadline-ms` into this request's Deadline, whose signal also fires when the
 * client hangs up. Runs as Express middleware so the budget lands on the SERVER span.
 */
export function deadlineMiddleware() {
  return (req: DeadlineRequest, res: ServerResponse, next: () => void): void => {
    const hangUp = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) hangUp.abort(new DOMException('client hung up', 'AbortError'));
    });
    const budget = parseDeadlineHeader(req.headers[DEADLINE_HEADER]);
    req.deadline =
      budget === undefined ? Deadline.none(hangUp.signal) : Deadline.after(budget, hangUp.signal);
    if (budget !== undefined)
      trace.getActiveSpan()?.setAttribute('app.deadline.remaining_ms', budget);
    next();
  };
}

/**
 * Runs the handler with the request's Deadline in the active context (outgoing calls through
 * @suite/clients shorten their timeouts to it and forward what is left; simulated latency stops at
 * it), and stops waiting for the handler once nobody can use its answer: 504 when the deadline
 * passes, nothing useful (499) when the client has gone.
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const deadline =
      execution.switchToHttp().getRequest<DeadlineRequest>().deadline ?? Deadline.none();
    const active = contextWithDeadline(context.active(), deadline);
    return new Observable((subscriber) => {
      const stop = () => subscriber.error(stopped(deadline));
      if (deadline.signal.aborted) return stop();
      deadline.signal.addEventListener('abort', stop, { once: true });
      const inner = context.with(active, () => next.handle().subscribe(subscriber));
      return () => {
        deadline.signal.removeEventListener('abort', stop);
        inner.unsubscribe();
      };
    });
  }
}

function stopped(deadline: Deadline): HttpException {
  const timedOut =
    (deadline.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
  trace.getActiveSpan()?.addEvent('deadline exceeded', {
    'app.deadline.reason': timedOut ? 'deadline passed' : 'client hung up',
  });
  return timedOut
    ? new GatewayTimeoutException(
        `The caller's deadline (${DEADLINE_HEADER}) passed before the answer was ready, so the work was stopped; the caller may retry with a larger budget`,
      )
    : new HttpException(
        { message: 'The client hung up before the answer was ready, so the work was stopped' },
        499,
      );
}
