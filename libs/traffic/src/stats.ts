/** The numbers a benchmark reports about a set of samples (milliseconds, usually). */
export interface Summary {
  n: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentile (the value below which p % of the samples lie, always one of the samples):
 * no interpolation, so a p99 of 100 samples is the 99th smallest, not a blend of the last two.
 * `sorted` must be ascending; p in [0, 100]. No samples: `empty` (NaN unless the caller says).
 */
export function percentile(sorted: readonly number[], p: number, empty = Number.NaN): number {
  if (sorted.length === 0) return empty;
  if (p <= 0) return sorted[0]!;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/** Rounds for a report: 0.1 ms is finer than anything these machines can tell apart. */
export function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The nearest-rank median of unsorted samples, rounded to `digits` (0.01 ms for span-clock gaps). */
export function median(values: readonly number[], digits = 1): number {
  return round(
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    ),
    digits,
  );
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  return {
    n: sorted.length,
    min: round(sorted[0] ?? Number.NaN),
    mean: round(sorted.length ? total / sorted.length : Number.NaN),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** a / b, or NaN when b is 0 (never Infinity in a report). */
export function ratio(a: number, b: number): number {
  return b === 0 ? Number.NaN : a / b;
}

/** How much slower `slower` is than `faster`, in % of `faster` (e.g. 1000 vs 800 rps -> 20). */
export function costPct(faster: number, slower: number): number {
  return faster === 0 ? Number.NaN : ((faster - slower) / faster) * 100;
}
