import { JaegerQueryClient, JaegerQueryError, walk, type TraceSpan } from '@suite/trace-model';

/** What Jaeger built from its Go module (no UI assets) serves instead of its UI, on every UI route. */
export const PLACEHOLDER_MARK = 'This is not the Jaeger UI you are looking for';

/** The UI of the linked Jaeger: the real one, the placeholder, or no answer (yet). */
export type JaegerUi = 'full' | 'placeholder' | 'unreachable';

/** A span of the model `npm run trace` draws, with its depth in the tree, in drawing order. */
export type TraceRow = TraceSpan & { depth: number };

export type TraceLookup =
  | { kind: 'found'; traceId: string; spans: TraceRow[] }
  | { kind: 'invalid'; message: string }
  | { kind: 'missing'; message: string }
  | { kind: 'unavailable'; message: string };

const TRACE_ID = /^[0-9a-f]{32}$/i;
// An unreachable Jaeger is asked again after this long: it may be starting.
const RETRY_UNREACHABLE_MS = 10_000;

/**
 * The demo page's view of Jaeger: which UI it serves (asked once, on its root) and one trace at a
 * time read from its query API. Only ever a trace by a validated id: no other path reaches Jaeger.
 */
export class JaegerTraceView {
  private readonly client: JaegerQueryClient;
  private ui: Promise<JaegerUi> | undefined;
  private unreachableAt = 0;

  constructor(
    readonly queryUrl: string,
    private readonly timeoutMs = 1500,
  ) {
    this.client = new JaegerQueryClient(queryUrl);
  }

  uiKind(): Promise<JaegerUi> {
    if (!this.ui && Date.now() - this.unreachableAt < RETRY_UNREACHABLE_MS) {
      return Promise.resolve('unreachable');
    }
    this.ui ??= this.detect().then((kind) => {
      if (kind === 'unreachable') {
        this.ui = undefined;
        this.unreachableAt = Date.now();
      }
      return kind;
    });
    return this.ui;
  }

  async trace(traceId: string): Promise<TraceLookup> {
    if (!TRACE_ID.test(traceId)) {
      return {
        kind: 'invalid',
        message: `"${traceId.slice(0, 64)}" is not a trace id: use the 32 hex characters of a dashboard's meta.traceId`,
      };
    }
    const id = traceId.toLowerCase();
    let spans: TraceSpan[] | undefined;
    try {
      spans = await this.client.trace(id);
    } catch (error) {
      const reason = error instanceof JaegerQueryError ? error.message : String(error);
      return {
        kind: 'unavailable',
        message: `${reason}. Start Jaeger (npm start starts it when its binary is there, or docker compose up), or point JAEGER_QUERY_URL at it`,
      };
    }
    if (!spans?.length) {
      return {
        kind: 'missing',
        message: `trace ${id} is not in Jaeger at ${this.queryUrl} (yet): spans arrive within a second or two, so try again; if it never appears, check that the services export to this Jaeger`,
      };
    }
    return {
      kind: 'found',
      traceId: id,
      spans: walk(spans).map(({ span, depth }) => ({ ...span, depth })),
    };
  }

  private async detect(): Promise<JaegerUi> {
    try {
      const response = await fetch(new URL('/', this.queryUrl), {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const page = await response.text();
      if (!response.ok) return 'unreachable';
      return page.includes(PLACEHOLDER_MARK) ? 'placeholder' : 'full';
    } catch {
      return 'unreachable';
    }
  }
}
