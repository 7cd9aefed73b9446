import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ROOT_CONTEXT,
  context,
  createContextKey,
  type Context,
  type ContextManager,
} from '@opentelemetry/api';

/**
 * A bare AsyncLocalStorage context manager, for a process that runs without the OpenTelemetry SDK
 * (OTEL_SDK_DISABLED=true registers none): the request context still needs somewhere to live.
 * It binds functions only; the SDK's own manager, when there is one, is always preferred.
 */
export class FallbackContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const fn = target as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => this.with(ctx, () => fn(...args))) as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

const PROBE = createContextKey('@suite/correlation.probe');

/** Registers FallbackContextManager when no context manager is registered (the API's no-op one). */
export function ensureContextManager(): void {
  const works = context.with(ROOT_CONTEXT.setValue(PROBE, true), () =>
    Boolean(context.active().getValue(PROBE)),
  );
  if (!works) context.setGlobalContextManager(new FallbackContextManager());
}
