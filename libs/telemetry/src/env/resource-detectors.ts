import { getResourceDetectors } from '@opentelemetry/auto-instrumentations-node';
import type { ResourceDetector } from '@opentelemetry/resources';
import { envValue, withProcessEnv } from './process-env';

/**
 * The suite's default for an unset OTEL_NODE_RESOURCE_DETECTORS: what this machine and process are,
 * and OTEL_RESOURCE_ATTRIBUTES. No cloud detector: each of those asks a metadata address over the
 * network at start-up, which on a laptop or in CI only waits and fails.
 */
export const DEFAULT_RESOURCE_DETECTORS = 'env,host,os,process';

export function resourceDetectorSetting(env: NodeJS.ProcessEnv): string {
  return envValue(env, 'OTEL_NODE_RESOURCE_DETECTORS') ?? DEFAULT_RESOURCE_DETECTORS;
}

/**
 * The detectors OTEL_NODE_RESOURCE_DETECTORS names, resolved by auto-instrumentations-node, so every
 * name it documents works (env, host, os, process, serviceinstance, container, alibaba, aws, azure,
 * gcp, all, none).
 */
export function resourceDetectorsFromEnv(env: NodeJS.ProcessEnv): ResourceDetector[] {
  return withProcessEnv({ OTEL_NODE_RESOURCE_DETECTORS: resourceDetectorSetting(env) }, () =>
    getResourceDetectors(),
  );
}
