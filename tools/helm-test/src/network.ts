import { COMPONENT, ofKind, ref, type K8sDoc, type NetworkPolicyPeer, type Violation } from './k8s';

export interface NetworkExpectations {
  /** Components reachable from outside the release, and on which ports only. */
  publicPorts: Record<string, number[]>;
  /** For each internal component: the components that may call it (the exact set). */
  callers: Record<string, string[]>;
}

/** The suite's topology: only the BFF and Jaeger's query port are public. */
export const SUITE_NETWORK: NetworkExpectations = {
  publicPorts: { bff: [3000], jaeger: [16686] },
  callers: {
    'user-service': ['bff'],
    'order-service': ['bff', 'recommendation-service'],
    'loyalty-service': ['bff'],
    'recommendation-service': ['bff'],
  },
};

/** A peer outside this release: any namespace, an IP range, or (with no peers at all) everyone. */
function outsidePeer(peer: NetworkPolicyPeer): boolean {
  return peer.ipBlock !== undefined || peer.namespaceSelector !== undefined || !peer.podSelector;
}

function selectedComponent(doc: K8sDoc): string | undefined {
  return doc.spec?.podSelector?.matchLabels?.[COMPONENT];
}

function checkPolicies(docs: K8sDoc[], expect: NetworkExpectations, out: Violation[]): void {
  const policies = ofKind(docs, 'NetworkPolicy');
  const denyAll = policies.some((p) => {
    const labels = p.spec?.podSelector?.matchLabels ?? {};
    return (
      labels[COMPONENT] === undefined &&
      (p.spec?.policyTypes ?? []).includes('Ingress') &&
      (p.spec?.policyTypes ?? []).includes('Egress') &&
      (p.spec?.ingress ?? []).length === 0 &&
      (p.spec?.egress ?? []).length === 0
    );
  });
  if (!denyAll) {
    out.push({
      resource: 'NetworkPolicy/*',
      rule: 'default-deny',
      detail: 'no policy denies all ingress and egress by default',
    });
  }
  const callersSeen = new Map<string, Set<string>>();
  for (const policy of policies) {
    const component = selectedComponent(policy) ?? '(every pod)';
    for (const rule of policy.spec?.ingress ?? []) {
      const peers = rule.from ?? [];
      const ports = (rule.ports ?? []).map((p) => Number(p.port));
      if (peers.length === 0 || peers.some(outsidePeer)) {
        const allowed = expect.publicPorts[component];
        const stray =
          ports.length === 0 ? ['all ports'] : ports.filter((p) => !allowed?.includes(p));
        if (!allowed || stray.length > 0) {
          out.push({
            resource: ref(policy),
            rule: 'outside-ingress',
            detail: `${component} is reachable from outside the release on ${stray.join(', ') || ports.join(', ')}`,
          });
        }
      }
      for (const peer of peers) {
        const from = peer.podSelector?.matchLabels?.[COMPONENT];
        if (from && !outsidePeer(peer)) {
          const seen = callersSeen.get(component) ?? new Set<string>();
          callersSeen.set(component, seen.add(from));
        }
      }
    }
  }
  for (const [component, wanted] of Object.entries(expect.callers)) {
    const seen = [...(callersSeen.get(component) ?? [])].sort();
    if (seen.join() !== [...wanted].sort().join()) {
      out.push({
        resource: `NetworkPolicy/${component}`,
        rule: 'callers',
        detail: `${component} admits [${seen.join(', ')}], its real callers are [${wanted.join(', ')}]`,
      });
    }
  }
}

/** Services published beyond the cluster (NodePort, LoadBalancer, external IPs). */
function checkServices(docs: K8sDoc[], expect: NetworkExpectations, out: Violation[]): void {
  for (const service of ofKind(docs, 'Service')) {
    const type = service.spec?.type ?? 'ClusterIP';
    const published =
      type === 'NodePort' ||
      type === 'LoadBalancer' ||
      (service.spec?.externalIPs ?? []).length > 0;
    if (!published) continue;
    const selector = (service.spec?.selector ?? {}) as Record<string, string>;
    const component = selector[COMPONENT] ?? '?';
    const allowed = expect.publicPorts[component];
    const ports = (service.spec?.ports ?? []).map((p) => Number(p.port));
    const stray = ports.filter((p) => !allowed?.includes(p));
    if (!allowed || stray.length > 0) {
      out.push({
        resource: ref(service),
        rule: 'outside-service',
        detail: `${type} Service publishes ${component} on ${stray.join(', ')}`,
      });
    }
  }
}

export function checkNetwork(
  docs: K8sDoc[],
  expect: NetworkExpectations = SUITE_NETWORK,
): Violation[] {
  const out: Violation[] = [];
  checkPolicies(docs, expect, out);
  checkServices(docs, expect, out);
  return out;
}
