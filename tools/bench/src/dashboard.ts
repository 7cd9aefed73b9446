// What the bench reads from the BFF's dashboard answers.
import type { Sample } from './load';

/** The dashboard every scenario loads. */
export const DASHBOARD = '/api/users/42/dashboard';

export interface DashboardDetail extends Record<string, number | string | undefined> {
  slowest: number;
  sum: number;
  degraded: number;
  loyalty?: string;
}

/** What the bench reads from each dashboard body: the slowest and summed branch times, degradation. */
export function readDashboard(status: number, body: string): DashboardDetail | undefined {
  if (status !== 200) return undefined;
  try {
    const meta = (
      JSON.parse(body) as {
        meta?: { branches?: Record<string, { status: string; ms: number }>; degraded?: string[] };
      }
    ).meta;
    const branches = Object.values(meta?.branches ?? {});
    return {
      slowest: Math.max(0, ...branches.map((b) => b.ms)),
      sum: branches.reduce((s, b) => s + b.ms, 0),
      degraded: meta?.degraded?.length ?? 0,
      loyalty: meta?.branches?.['loyalty']?.status,
    };
  } catch {
    return undefined;
  }
}

/** Overhead of each answered dashboard: its latency minus its own slowest branch. */
export function overheads(samples: Sample[]): number[] {
  return samples.flatMap((s) =>
    s.status === 200 && typeof s.detail?.['slowest'] === 'number'
      ? [s.ms - s.detail['slowest']]
      : [],
  );
}
