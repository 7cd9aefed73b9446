import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import { Deadline } from './deadline';
import { contextWithRequest, requestContext } from './request-context';
import { continueInRequestContext, requestContextMiddleware } from './request-context.middleware';

/** A request and a response just real enough for the middleware: headers in, headers out, 'close'. */
function exchange(headers: Record<string, string>) {
  const sent: Record<string, string> = {};
  const res = Object.assign(new EventEmitter(), {
    writableFinished: false,
    setHeader: (name: string, value: string) => (sent[name] = value),
  });
  return {
    req: { headers } as unknown as IncomingMessage,
    res: res as unknown as ServerResponse & EventEmitter,
    sent,
  };
}

describe('request context', () => {
  it('reads nothing outside a request, and what was set inside one', () => {
    assert.deepEqual(requestContext(ROOT_CONTEXT), {});
    const deadline = Deadline.after(500);
    const ctx = contextWithRequest(ROOT_CONTEXT, { correlationId: 'ctx-test-0001', deadline });
    assert.deepEqual(requestContext(ctx), { correlationId: 'ctx-test-0001', deadline });
  });

  it("is set once by the middleware from the caller's headers, and echoes the correlation id", () => {
    const { req, res, sent } = exchange({
      'x-correlation-id': 'from-the-caller-01',
      'x-deadline-ms': '250',
    });
    let seen: ReturnType<typeof requestContext> = {};
    requestContextMiddleware()(req, res, () => (seen = requestContext()));
    assert.equal(seen.correlationId, 'from-the-caller-01');
    assert.equal(sent['x-correlation-id'], 'from-the-caller-01');
    assert.ok(seen.deadline?.bounded);
    assert.ok(seen.deadline.remainingMs() <= 250 && seen.deadline.remainingMs() > 200);
  });

  it('replaces an invalid id, and without x-deadline-ms the deadline only fires on hang-up', () => {
    const { req, res, sent } = exchange({ 'x-correlation-id': 'bad id' });
    let seen: ReturnType<typeof requestContext> = {};
    requestContextMiddleware()(req, res, () => (seen = requestContext()));
    assert.match(seen.correlationId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(sent['x-correlation-id'], seen.correlationId);
    assert.equal(seen.deadline?.bounded, false);
    assert.equal(seen.deadline.signal.aborted, false);
    res.emit('close');
    assert.equal(seen.deadline.signal.aborted, true, 'the client hung up');
  });

  it('survives a middleware that calls next from a stream event (a body parser)', async () => {
    const body = new EventEmitter();
    const parser = (_req: unknown, _res: unknown, next: (error?: unknown) => void) =>
      body.once('end', () => next());
    const { req, res } = exchange({ 'x-correlation-id': 'through-parser-01' });
    const after = new Promise<string | undefined>((resolve) =>
      requestContextMiddleware()(req, res, () =>
        continueInRequestContext(parser)(req, res, () => resolve(requestContext().correlationId)),
      ),
    );
    // The body arrives later, from outside the request's context.
    context.with(ROOT_CONTEXT, () => setImmediate(() => body.emit('end')));
    assert.equal(await after, 'through-parser-01');
  });
});
