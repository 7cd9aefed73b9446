import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '@suite/harness';
import type { K8sDoc } from './k8s';

const run = promisify(execFile);

export const CHART_DIR = join('infra', 'helm', 'distributed-tracing-suite');

/** The cached helm binary (infra/helm/ensure-helm.sh --no-build); throws with the build command. */
export async function findHelm(root = repoRoot()): Promise<string> {
  try {
    const { stdout } = await run(join(root, 'infra', 'helm', 'ensure-helm.sh'), ['--no-build']);
    return stdout.trim();
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
    throw new Error(
      `no helm binary: ${stderr || (error as Error).message}\nbuild it once with infra/helm/ensure-helm.sh (a long compile on 2 cores)`,
    );
  }
}

export interface RenderOptions {
  /** Values files, relative to the chart. */
  valuesFiles?: string[];
  /** --set key=value pairs. */
  set?: string[];
  release?: string;
  namespace?: string;
}

function valueArgs(options: RenderOptions, chart: string): string[] {
  return [
    ...(options.valuesFiles ?? []).flatMap((f) => ['--values', join(chart, f)]),
    ...(options.set ?? []).flatMap((s) => ['--set', s]),
  ];
}

async function helm(binary: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(binary, args, { maxBuffer: 32 << 20, timeout: 60_000 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`helm ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`);
  }
}

/** `helm lint --strict` with these values; resolves to its output, rejects on any finding. */
export function lintChart(binary: string, options: RenderOptions = {}, root = repoRoot()) {
  const chart = join(root, CHART_DIR);
  return helm(binary, ['lint', '--strict', chart, ...valueArgs(options, chart)]);
}

/** `helm template`, parsed into documents (empty documents dropped). */
export async function renderChart(
  binary: string,
  options: RenderOptions = {},
  root = repoRoot(),
): Promise<K8sDoc[]> {
  const chart = join(root, CHART_DIR);
  const text = await helm(binary, [
    'template',
    options.release ?? 'suite',
    chart,
    '--namespace',
    options.namespace ?? 'tracing',
    ...valueArgs(options, chart),
  ]);
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length > 0)
        throw new Error(`helm template printed invalid YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sDoc | null;
    })
    .filter((doc): doc is K8sDoc => doc !== null && typeof doc === 'object');
}
