// Invariants of the rendered Helm chart: a function over the rendered documents, so a test can call
// it on a deliberately broken render and see the violation.
import { checkNetwork, SUITE_NETWORK, type NetworkExpectations } from './network';
import { checkOtelContract, type ComposeEnv } from './otel';
import { checkWorkloads } from './workloads';
import type { K8sDoc, Violation } from './k8s';

export { renderChart, lintChart, findHelm, CHART_DIR } from './helm';
export { composeEnv, readComposeEnv, type ComposeEnv } from './otel';
export { pinnedImage } from './workloads';
export type { K8sDoc, Violation } from './k8s';

export function checkChart(
  docs: K8sDoc[],
  compose: ComposeEnv,
  network: NetworkExpectations = SUITE_NETWORK,
): Violation[] {
  return [
    ...checkWorkloads(docs),
    ...checkNetwork(docs, network),
    ...checkOtelContract(docs, compose),
  ];
}

export const formatViolations = (violations: Violation[]): string =>
  violations.map((v) => `${v.resource} [${v.rule}] ${v.detail}`).join('\n');
