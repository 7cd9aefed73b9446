import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricsLines, readChaosMetrics, type ChaosMetrics } from './metrics';
import type { ExperimentResult } from './runner';

const cell = (s: string | number) => String(s).replace(/\|/g, '\\|');

/** The run as Markdown: verdict, probes, actions, per-phase traffic, breakers, trace links. */
export function markdownReport(r: ExperimentResult, metrics?: ChaosMetrics): string {
  const lines: string[] = [
    `# Chaos experiment: ${r.title} (${r.experiment})`,
    '',
    r.description,
    '',
    `- **Result: ${r.status.toUpperCase()}**${r.reason ? ` — ${r.reason}` : ''}`,
    `- Run id (baggage and span attribute \`chaos.experiment\`): \`${r.runId}\``,
    `- Target: ${r.target}`,
    `- Started ${r.startedAt}, took ${(r.durationMs / 1000).toFixed(1)} s`,
    `- All traces of this run in Jaeger: ${r.jaeger.search}`,
    '',
    '## Steady-state hypothesis',
    '',
    '| | probe | phase | observed |',
    '| --- | --- | --- | --- |',
    ...r.probes.map(
      (p) => `| ${p.ok ? '✔' : '✖'} | ${cell(p.name)} | ${p.phase} | ${cell(p.detail)} |`,
    ),
    '',
    '## Actions',
    '',
    '| | stage | action | ms | error |',
    '| --- | --- | --- | --- | --- |',
    ...r.actions.map(
      (a) =>
        `| ${a.ok ? '✔' : '✖'} | ${a.stage} | ${cell(a.name)} | ${a.ms} | ${cell(a.error ?? '')} |`,
    ),
    '',
    '## Traffic per phase',
    '',
    '| phase | s | requests | statuses | p50 ms | p95 ms | p99 ms | max ms | degraded | branches |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...Object.entries(r.phases).map(([phase, s]) => {
      const statuses = Object.entries(s.statuses)
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
      const branches = Object.entries(s.branches)
        .map(
          ([b, m]) =>
            `${b} ${Object.entries(m)
              .map(([st, n]) => `${st} ${n}`)
              .join('/')}`,
        )
        .join('; ');
      return `| ${phase} | ${s.seconds} | ${s.requests} | ${cell(statuses)} | ${s.latencyMs.p50} | ${s.latencyMs.p95} | ${s.latencyMs.p99} | ${s.latencyMs.max} | ${s.degraded} | ${cell(branches)} |`;
    }),
    ...metricsLines(metrics),
    '',
    '## Circuit breakers (as the dashboards reported them)',
    '',
    ...(r.breakerTransitions.length
      ? r.breakerTransitions.map((t) => `- ${t.atS} s (${t.phase}): ${t.branch} breaker ${t.to}`)
      : ['- no breaker opened']),
    '',
    '## Typical degraded requests',
    '',
    ...(r.typicalTraces.length
      ? r.typicalTraces.map((t) => `- ${t.what} (${t.phase}, ${t.ms} ms): [${t.traceId}](${t.url})`)
      : ['- none']),
    '',
  ];
  return lines.join('\n');
}

/** Writes <dir>/<runId>.json and .md; returns their paths. */
export function writeReport(
  dir: string,
  result: ExperimentResult,
  metrics?: ChaosMetrics,
): { json: string; markdown: string } {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, result.runId);
  writeFileSync(`${base}.json`, `${JSON.stringify({ ...result, metrics }, null, 2)}\n`);
  writeFileSync(`${base}.md`, markdownReport(result, metrics));
  return { json: `${base}.json`, markdown: `${base}.md` };
}

/** writeReport with the Monitor tab's error rate and p95 per phase (or why they are missing). */
export async function writeReportWithMetrics(
  dir: string,
  result: ExperimentResult,
): Promise<{ json: string; markdown: string }> {
  return writeReport(dir, result, await readChaosMetrics(result));
}
