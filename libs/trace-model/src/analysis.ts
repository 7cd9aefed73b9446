import { endUs, type TraceSpan } from './span';

export function roots(spans: TraceSpan[]): TraceSpan[] {
  return spans.filter((s) => s.parentSpanId === undefined);
}

/** Spans whose parent is not in the trace: the mark of a broken propagation or a lost export. */
export function orphans(spans: TraceSpan[]): TraceSpan[] {
  const ids = new Set(spans.map((s) => s.spanId));
  return spans.filter((s) => s.parentSpanId !== undefined && !ids.has(s.parentSpanId));
}

export function childrenOf(spans: TraceSpan[], parent: TraceSpan): TraceSpan[] {
  return spans
    .filter((s) => s.parentSpanId === parent.spanId)
    .sort((a, b) => a.startUs - b.startUs);
}

export function parentOf(spans: TraceSpan[], child: TraceSpan): TraceSpan | undefined {
  return spans.find((s) => s.spanId === child.parentSpanId);
}

export function services(spans: TraceSpan[]): string[] {
  return [...new Set(spans.map((s) => s.service))].sort();
}

export function overlap(a: TraceSpan, b: TraceSpan): boolean {
  return a.startUs < endUs(b) && b.startUs < endUs(a);
}

/** True when every pair overlaps in time: the calls were in flight together. */
export function allOverlap(spans: TraceSpan[]): boolean {
  return spans.every((a, i) => spans.slice(i + 1).every((b) => overlap(a, b)));
}

/** True when no two overlap: each call started after the previous one ended. */
export function noneOverlap(spans: TraceSpan[]): boolean {
  return spans.every((a, i) => spans.slice(i + 1).every((b) => !overlap(a, b)));
}

/** Sum of the branches' durations over the wall time that holds them: ~1 sequential, up to N parallel. */
export function parallelismRatio(branches: TraceSpan[], wall: TraceSpan): number {
  const sum = branches.reduce((total, s) => total + s.durationUs, 0);
  return wall.durationUs > 0 ? sum / wall.durationUs : 0;
}

/** The ancestors of `span`, nearest first. */
export function ancestors(spans: TraceSpan[], span: TraceSpan): TraceSpan[] {
  const chain: TraceSpan[] = [];
  for (let parent = parentOf(spans, span); parent; parent = parentOf(spans, parent))
    chain.push(parent);
  return chain;
}

/** Spans of a depth-first walk from the roots, each with its depth. */
export function walk(spans: TraceSpan[]): { span: TraceSpan; depth: number }[] {
  const result: { span: TraceSpan; depth: number }[] = [];
  const visit = (span: TraceSpan, depth: number) => {
    result.push({ span, depth });
    for (const child of childrenOf(spans, span)) visit(child, depth + 1);
  };
  const tops = [...roots(spans), ...orphans(spans)].sort((a, b) => a.startUs - b.startUs);
  for (const top of tops) visit(top, 0);
  return result;
}
