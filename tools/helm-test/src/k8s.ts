// The few Kubernetes shapes the checks read, loosely typed: rendered charts are data, not trusted types.

export interface Metadata {
  name?: string;
  labels?: Record<string, string>;
}

export interface Probe {
  httpGet?: { path?: string; port?: string | number };
  exec?: { command?: string[] };
  tcpSocket?: { port?: string | number };
}

export interface Container {
  name?: string;
  image?: string;
  env?: { name: string; value?: string }[];
  envFrom?: { configMapRef?: { name?: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  securityContext?: { runAsNonRoot?: boolean; readOnlyRootFilesystem?: boolean };
}

export interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers?: Container[];
  initContainers?: Container[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string };
}

export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  ports?: { port?: number | string; protocol?: string }[];
}

export interface K8sDoc {
  apiVersion?: string;
  kind?: string;
  metadata?: Metadata;
  data?: Record<string, string>;
  spec?: {
    type?: string;
    replicas?: number;
    selector?: Record<string, string> | LabelSelector;
    ports?: { port?: number; nodePort?: number }[];
    externalIPs?: string[];
    template?: { metadata?: Metadata; spec?: PodSpec };
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: NetworkPolicyRule[];
    egress?: unknown[];
  };
}

export interface Violation {
  /** Kind/name of the offending resource. */
  resource: string;
  /** Short id of the rule, e.g. `probes`, `outside-ingress`. */
  rule: string;
  detail: string;
}

export const COMPONENT = 'app.kubernetes.io/component';

export const ref = (doc: K8sDoc): string => `${doc.kind ?? '?'}/${doc.metadata?.name ?? '?'}`;

export const ofKind = (docs: K8sDoc[], kind: string): K8sDoc[] =>
  docs.filter((d) => d.kind === kind);

/** Pod-owning workloads: their pod template's containers. */
export function workloads(docs: K8sDoc[]): K8sDoc[] {
  return docs.filter((d) =>
    ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(d.kind ?? ''),
  );
}

export function containers(doc: K8sDoc): Container[] {
  const pod = doc.spec?.template?.spec;
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
}
