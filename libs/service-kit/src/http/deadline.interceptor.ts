import {
  GatewayTimeoutException,
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import { DEADLINE_HEADER, Deadline, requestContext } from '@suite/correlation';
import { Observable } from 'rxjs';

/**
 * Stops waiting for the handler once nobody can use its answer: 504 when the request's deadline
 * (requestContext(), from the caller's `x-deadline-ms`) passes, nothing useful (499) when the client
 * has gone. Outgoing calls through @suite/clients read the same deadline, shorten their timeouts to
 * it and forward what is left; simulated latency stops at it.
 */
@Injectable()
export class DeadlineInterceptor implements NestInterceptor {
  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (execution.getType() !== 'http') return next.handle();
    const deadline = requestContext().deadline ?? Deadline.none();
    return new Observable((subscriber) => {
      const stop = () => subscriber.error(stopped(deadline));
      if (deadline.signal.aborted) return stop();
      deadline.signal.addEventListener('abort', stop, { once: true });
      const inner = next.handle().subscribe(subscriber);
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
