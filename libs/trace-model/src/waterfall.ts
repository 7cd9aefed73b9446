import { styleText } from 'node:util';
import { services, walk } from './analysis';
import type { AttributeValue, TraceSpan } from './span';

export interface WaterfallOptions {
  /** Characters for the bar column. */
  width?: number;
  colour?: boolean;
}

// What a reader of a fan-out needs next to each bar; everything else is one `npm run trace -- --json` away.
const KEY_ATTRIBUTES = [
  'http.response.status_code',
  'error.type',
  'db.collection.name',
  'app.dashboard.strategy',
  'app.dashboard.degraded',
  'app.timeout_ms',
];
const KEY_EVENTS = new Set([
  'simulated latency',
  'timeout',
  'fallback',
  'retry',
  'request rejected',
  'exception',
]);

const ms = (us: number) => `${(us / 1000).toFixed(1)}ms`;

function format(value: AttributeValue): string {
  return Array.isArray(value) ? `[${value.join(',')}]` : String(value);
}

function details(span: TraceSpan): string {
  const parts = KEY_ATTRIBUTES.filter(
    (k) => span.attributes[k] !== undefined && span.attributes[k] !== '',
  ).map((k) => `${k.replace(/^app\.|^http\.response\./, '')}=${format(span.attributes[k]!)}`);
  for (const event of span.events) if (KEY_EVENTS.has(event.name)) parts.push(`⚑ ${event.name}`);
  return parts.join(' ');
}

/** A trace as a terminal waterfall: service, operation (indented by depth), offset, duration and a bar. */
export function renderWaterfall(spans: TraceSpan[], options: WaterfallOptions = {}): string {
  if (spans.length === 0) return 'empty trace';
  const width = options.width ?? 40;
  const paint = (colour: Parameters<typeof styleText>[0], text: string) =>
    options.colour ? styleText(colour, text) : text;
  const start = Math.min(...spans.map((s) => s.startUs));
  const end = Math.max(...spans.map((s) => s.startUs + s.durationUs));
  const total = Math.max(end - start, 1);
  const correlation = spans.find((s) => s.attributes['app.correlation_id'])?.attributes[
    'app.correlation_id'
  ];
  const rows = walk(spans);
  const nameWidth = Math.min(
    56,
    Math.max(...rows.map(({ span, depth }) => span.name.length + depth * 2)) + 1,
  );
  const serviceWidth = Math.max(...spans.map((s) => s.service.length)) + 1;

  const lines = [
    `trace ${spans[0]!.traceId}  ${services(spans).length} services, ${spans.length} spans, ${ms(total)}` +
      (correlation ? `  correlation ${format(correlation)}` : ''),
    paint(
      'dim',
      `${'SERVICE'.padEnd(serviceWidth)} ${'OPERATION'.padEnd(nameWidth)} ${'OFFSET'.padStart(9)} ${'DURATION'.padStart(9)}  ${'TIMELINE'.padEnd(width)}`,
    ),
  ];
  for (const { span, depth } of rows) {
    const offset = span.startUs - start;
    const from = Math.floor((offset / total) * width);
    const length = Math.max(1, Math.round((span.durationUs / total) * width));
    const bar = ' '.repeat(from) + '█'.repeat(Math.min(length, width - from));
    const name = `${'  '.repeat(depth)}${span.name}`.slice(0, nameWidth).padEnd(nameWidth);
    const status = span.error ? paint('red', '✗') : ' ';
    lines.push(
      `${span.service.padEnd(serviceWidth)} ${name} ${ms(offset).padStart(9)} ${ms(span.durationUs).padStart(9)}  ${paint(span.error ? 'red' : span.kind === 'client' ? 'cyan' : 'green', bar.padEnd(width))} ${status} ${paint('dim', details(span))}`.trimEnd(),
    );
  }
  return lines.join('\n');
}
