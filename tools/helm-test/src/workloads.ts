import { containers, ofKind, ref, workloads, type K8sDoc, type Violation } from './k8s';

/** `repo:tag` with a tag that is not `latest`, or a digest. */
export function pinnedImage(image: string | undefined): boolean {
  if (!image) return false;
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return false;
  const tag = image.slice(colon + 1);
  return tag.length > 0 && tag !== 'latest';
}

const hasBoth = (map: Record<string, unknown> | undefined) =>
  map !== undefined && map['cpu'] !== undefined && map['memory'] !== undefined;

/**
 * Every Deployment: readiness and liveness probes, CPU and memory requests and limits, non-root,
 * read-only root filesystem. Every workload (StatefulSets too): pinned image tags.
 */
export function checkWorkloads(docs: K8sDoc[]): Violation[] {
  const out: Violation[] = [];
  const add = (doc: K8sDoc, rule: string, detail: string) =>
    out.push({ resource: ref(doc), rule, detail });
  for (const doc of workloads(docs)) {
    for (const c of containers(doc)) {
      if (!pinnedImage(c.image)) {
        add(doc, 'pinned-image', `container ${c.name}: image "${c.image}" has no pinned tag`);
      }
    }
  }
  for (const doc of ofKind(docs, 'Deployment')) {
    const pod = doc.spec?.template?.spec;
    const list = pod?.containers ?? [];
    if (list.length === 0) add(doc, 'containers', 'no containers');
    for (const c of list) {
      const name = `container ${c.name}`;
      if (!c.readinessProbe) add(doc, 'probes', `${name} has no readinessProbe`);
      if (!c.livenessProbe) add(doc, 'probes', `${name} has no livenessProbe`);
      if (!hasBoth(c.resources?.requests)) {
        add(doc, 'resources', `${name} lacks cpu and memory requests`);
      }
      if (!hasBoth(c.resources?.limits))
        add(doc, 'resources', `${name} lacks cpu and memory limits`);
      const nonRoot = c.securityContext?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot;
      if (nonRoot !== true) add(doc, 'non-root', `${name} is not runAsNonRoot`);
      if (c.securityContext?.readOnlyRootFilesystem !== true) {
        add(doc, 'read-only-root', `${name} has a writable root filesystem`);
      }
    }
  }
  return out;
}
