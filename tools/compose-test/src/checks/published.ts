import { DEFAULT_PORTS, JAEGER_PORTS, runOrThrow } from '@suite/harness';
import type { ComposeProject } from '../compose';
import { check, info } from '../log';

/** Only the BFF and the Jaeger UI are published, and only on loopback. */
export async function checkPublished(
  compose: ComposeProject,
  services: readonly string[],
  ports: { bff: number; ui: number },
): Promise<void> {
  for (const service of services) {
    const id = await compose.containerId(service);
    const { stdout } = await runOrThrow('docker', [
      'inspect',
      '-f',
      '{{json .NetworkSettings.Ports}}',
      id,
    ]);
    const bindings = JSON.parse(stdout) as Record<
      string,
      { HostIp: string; HostPort: string }[] | null
    >;
    const published = Object.entries(bindings).flatMap(([inner, list]) =>
      (list ?? []).map((b) => `${b.HostIp}:${b.HostPort}->${inner}`),
    );
    const expected =
      service === 'bff'
        ? [`127.0.0.1:${ports.bff}->${DEFAULT_PORTS.bff}/tcp`]
        : service === 'jaeger'
          ? [`127.0.0.1:${ports.ui}->${JAEGER_PORTS.query}/tcp`]
          : [];
    check(
      JSON.stringify(published) === JSON.stringify(expected),
      `${service} publishes ${JSON.stringify(published)}, expected ${JSON.stringify(expected)}`,
    );
    info(`${service.padEnd(24)} ${published.join(', ') || 'not published'}`);
  }
}
