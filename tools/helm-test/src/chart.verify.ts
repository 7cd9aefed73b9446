// helm lint --strict and helm template with both values files, the invariants checked over the
// rendered YAML, and deliberately broken values that the checker must report. Needs helm
// (infra/helm/ensure-helm.sh builds it once): `npx nx run helm-test:verify`.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '@suite/harness';
import {
  checkChart,
  findHelm,
  formatViolations,
  lintChart,
  readComposeEnv,
  renderChart,
  type ComposeEnv,
  type K8sDoc,
} from './index';

let helm: string;
let compose: ComposeEnv;

const named = (docs: K8sDoc[], kind: string, name: string): K8sDoc => {
  const doc = docs.find((d) => d.kind === kind && d.metadata?.name === name);
  assert.ok(doc, `no ${kind}/${name} in the render`);
  return doc;
};
const config = (docs: K8sDoc[], name: string) =>
  parse(named(docs, 'ConfigMap', name).data!['config.yaml']!) as Record<string, any>;

before(async () => {
  helm = await findHelm();
  compose = readComposeEnv(join(repoRoot(), 'docker-compose.yml'));
});

for (const [label, valuesFiles] of [
  ['small default (values.yaml)', []],
  ['production (values-production.yaml)', ['values-production.yaml']],
] as const) {
  describe(`the chart, ${label}`, () => {
    let docs: K8sDoc[];
    before(async () => {
      docs = await renderChart(helm, { valuesFiles: [...valuesFiles] });
    });

    it('passes helm lint --strict', async () => {
      const out = await lintChart(helm, { valuesFiles: [...valuesFiles] });
      assert.match(out, /0 chart\(s\) failed/);
    });

    it('holds every invariant', () => {
      const violations = checkChart(docs, compose);
      assert.deepEqual(violations, [], formatViolations(violations));
    });

    it('renders the five services, the gateway, the sampler tier and Jaeger', () => {
      for (const app of [
        'bff',
        'user-service',
        'order-service',
        'loyalty-service',
        'recommendation-service',
      ]) {
        named(docs, 'Deployment', `suite-${app}`);
        named(docs, 'PodDisruptionBudget', `suite-${app}`);
      }
      named(docs, 'Deployment', 'suite-otel-gateway');
      named(docs, 'Deployment', 'suite-jaeger');
      named(docs, 'StatefulSet', 'suite-otel-sampler');
      named(docs, 'HorizontalPodAutoscaler', 'suite-bff');
      assert.equal(named(docs, 'Service', 'suite-otel-sampler-headless').spec?.type, undefined);
      assert.equal(
        (named(docs, 'Service', 'suite-otel-sampler-headless').spec as { clusterIP?: string })
          .clusterIP,
        'None',
      );
    });

    it('routes spans by trace id onto every sampler pod, and samples on errors, latency and chaos', () => {
      const lb = config(docs, 'suite-otel-gateway')['exporters'].loadbalancing;
      assert.equal(lb.routing_key, 'traceID');
      assert.equal(
        lb.resolver.dns.hostname,
        'suite-otel-sampler-headless.tracing.svc.cluster.local',
      );
      const tail = config(docs, 'suite-otel-sampler')['processors'].tail_sampling;
      const types = (tail.policies as { type: string }[]).map((p) => p.type);
      assert.deepEqual(types, ['status_code', 'latency', 'string_attribute', 'probabilistic']);
      const latency = tail.policies.find((p: { type: string }) => p.type === 'latency');
      const bff = named(docs, 'Deployment', 'suite-bff').spec!.template!.spec!.containers![0]!;
      const budget = bff.env!.find((e) => e.name === 'DASHBOARD_BUDGET_MS')!.value;
      assert.equal(String(latency.latency.threshold_ms), budget);
      const exporter = config(docs, 'suite-otel-sampler')['exporters'].otlp_grpc;
      assert.equal(exporter.endpoint, 'suite-jaeger-collector:4317');
      named(docs, 'Service', 'suite-jaeger-collector');
    });
  });
}

describe('the production values', () => {
  it('store spans in Elasticsearch, scale the gateway and keep a share of ordinary traces', async () => {
    const docs = await renderChart(helm, { valuesFiles: ['values-production.yaml'] });
    const storage = config(docs, 'suite-jaeger')['extensions'].jaeger_storage.backends.main;
    assert.deepEqual(storage.elasticsearch.server_urls, ['http://suite-search:9200']);
    named(docs, 'StatefulSet', 'suite-search');
    named(docs, 'HorizontalPodAutoscaler', 'suite-otel-gateway');
    assert.equal(named(docs, 'StatefulSet', 'suite-otel-sampler').spec?.replicas, 3);
    const tail = config(docs, 'suite-otel-sampler')['processors'].tail_sampling;
    assert.equal(tail.policies.at(-1).probabilistic.sampling_percentage, 10);
  });
});

describe('the checker on deliberately broken values', () => {
  const violationsWith = async (...set: string[]) =>
    checkChart(await renderChart(helm, { set }), compose);

  it('reports a service opened to the outside', async () => {
    const v = await violationsWith('services.user.exposed=true', 'expose.serviceType=LoadBalancer');
    assert.ok(
      v.some(
        (x) => x.rule === 'outside-ingress' && x.resource === 'NetworkPolicy/suite-user-service',
      ),
      formatViolations(v),
    );
    assert.ok(
      v.some((x) => x.rule === 'outside-service' && x.resource === 'Service/suite-user-service'),
      formatViolations(v),
    );
  });

  it('reports a missing probe and missing limits', async () => {
    const v = await violationsWith(
      'services.order.probes.liveness=null',
      'services.loyalty.resources.limits=null',
    );
    assert.ok(
      v.some(
        (x) =>
          x.rule === 'probes' &&
          x.resource === 'Deployment/suite-order-service' &&
          /livenessProbe/.test(x.detail),
      ),
      formatViolations(v),
    );
    assert.ok(
      v.some((x) => x.rule === 'resources' && x.resource === 'Deployment/suite-loyalty-service'),
      formatViolations(v),
    );
  });

  it('reports a caller that is not a real one', async () => {
    const v = await violationsWith('services.user.callers={bff,loyalty}');
    assert.ok(
      v.some(
        (x) =>
          x.rule === 'callers' && /user-service admits \[bff, loyalty-service\]/.test(x.detail),
      ),
      formatViolations(v),
    );
  });

  it('reports an OTEL_* value that drifts from docker-compose.yml', async () => {
    const v = await violationsWith('otel.bspScheduleDelayMs=5000', 'otel.tracesSampler=always_on');
    assert.ok(
      v.some((x) => x.rule === 'otel-contract' && /OTEL_BSP_SCHEDULE_DELAY=5000/.test(x.detail)),
      formatViolations(v),
    );
    assert.ok(
      v.some((x) => x.rule === 'otel-contract' && /OTEL_TRACES_SAMPLER=always_on/.test(x.detail)),
      formatViolations(v),
    );
  });

  it('refuses an unpinned image at render time', async () => {
    await assert.rejects(
      renderChart(helm, { set: ['jaeger.image.tag=latest'] }),
      /jaeger\.image: the tag 'latest' is not allowed/,
    );
    await assert.rejects(renderChart(helm, { set: ['image.tag=null'] }), /image: set an image tag/);
  });
});
