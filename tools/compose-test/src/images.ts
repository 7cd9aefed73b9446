// The base images the suite's Dockerfile builds on.
import { join } from 'node:path';
import { run, runOrThrow } from '@suite/harness';
import { CheckFailed, info } from './log';

const OFFICIAL = {
  node: 'node:24-bookworm-slim',
  jaeger: 'jaegertracing/jaeger:2.12.0',
  prometheus: 'prom/prometheus:v3.16.0',
};

export interface Images {
  node: string;
  jaeger: string;
  prometheus: string;
}

/** True when every image is here or could be pulled. */
async function available(images: string[]): Promise<boolean> {
  for (const image of images) {
    if ((await run('docker', ['image', 'inspect', image])).code === 0) continue;
    info(`pulling ${image}…`);
    const pulled = await run('docker', ['pull', '-q', image], { timeoutMs: 300_000 });
    if (pulled.code !== 0) {
      info(`cannot pull ${image}: ${pulled.stderr.trim().split('\n').at(-1) ?? ''}`);
      return false;
    }
  }
  return true;
}

/** Local stand-ins: made by infra/docker/ensure-base-images.sh, which prints their names. */
async function localImages(root: string): Promise<Images> {
  info('making local base images (debootstrap + Node binary + Jaeger binary; cached)…');
  const made = await runOrThrow('bash', [join(root, 'infra/docker/ensure-base-images.sh')], {
    cwd: root,
    show: true,
    timeoutMs: 1_800_000,
  });
  const vars = Object.fromEntries(
    made.stdout
      .split('\n')
      .map((l) => /^(NODE_IMAGE|JAEGER_IMAGE|PROMETHEUS_IMAGE)=(.+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]]),
  );
  return {
    node: process.env['NODE_IMAGE'] ?? vars['NODE_IMAGE'] ?? '',
    jaeger: process.env['JAEGER_IMAGE'] ?? vars['JAEGER_IMAGE'] ?? '',
    prometheus: process.env['PROMETHEUS_IMAGE'] ?? vars['PROMETHEUS_IMAGE'] ?? '',
  };
}

/** The official images when this machine has or can pull them; local stand-ins otherwise. */
export async function chooseImages(root: string): Promise<Images> {
  const mode = process.env['COMPOSE_TEST_IMAGES'] ?? 'auto';
  const chosen = {
    node: process.env['NODE_IMAGE'] ?? OFFICIAL.node,
    jaeger: process.env['JAEGER_IMAGE'] ?? OFFICIAL.jaeger,
    prometheus: process.env['PROMETHEUS_IMAGE'] ?? OFFICIAL.prometheus,
  };
  if (process.env['NODE_IMAGE'] && process.env['JAEGER_IMAGE'] && process.env['PROMETHEUS_IMAGE'])
    return chosen;
  if (mode !== 'local') {
    if (await available([chosen.node, chosen.jaeger, chosen.prometheus])) return chosen;
    if (mode === 'official') throw new CheckFailed('COMPOSE_TEST_IMAGES=official, but pull failed');
  }
  return localImages(root);
}
