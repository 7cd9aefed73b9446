import { ProcessGroup } from './process-group';
import { launchSuite, type RunningSuite, type SuiteOptions } from './launch-suite';
import type { OtlpSink } from '@suite/testing';
import { repoRoot } from './root';

/**
 * The suite as real processes on free loopback ports, exporting OTLP/JSON to `sink` every 100 ms:
 * what every real-process test starts. `env` adds to (or overrides) that set-up.
 */
export async function launchSuiteWithSink(
  group: ProcessGroup,
  sink: OtlpSink,
  env: NodeJS.ProcessEnv,
  options: Pick<SuiteOptions, 'dataDir' | 'serviceEnv'> = {},
): Promise<RunningSuite> {
  const otlp = await sink.start();
  return launchSuite(group, {
    root: repoRoot(),
    ports: 'free',
    dataDir: options.dataDir ?? ':memory:',
    ...(options.serviceEnv ? { serviceEnv: options.serviceEnv } : {}),
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      LOG_FORMAT: 'json',
      ...env,
    },
  });
}

export interface LogLine {
  service: string;
  line: Record<string, unknown>;
}

/** A process group that keeps every JSON log line its processes print, for checks on the logs. */
export function loggingGroup(): { group: ProcessGroup; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const group = new ProcessGroup((service, line) => {
    try {
      logs.push({ service, line: JSON.parse(line) as Record<string, unknown> });
    } catch {
      // not a JSON log line (a Node warning, the legacy preload's banner): not what checks read
    }
  });
  return { group, logs };
}
