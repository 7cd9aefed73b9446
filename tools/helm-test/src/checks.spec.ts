// The checker on hand-written documents (no helm needed): it must pass a sound set and name each fault.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '@suite/harness';
import { checkChart, composeEnv, pinnedImage, readComposeEnv, type K8sDoc } from './index';

const sel = (component: string) => ({ matchLabels: { 'app.kubernetes.io/component': component } });

function deployment(app: string, tweak?: (c: Record<string, unknown>) => void): K8sDoc {
  const container: Record<string, unknown> = {
    name: app,
    image: 'distributed-tracing-suite:0.1.0',
    envFrom: [{ configMapRef: { name: 'otel' } }],
    env: [
      { name: 'APP', value: app },
      { name: 'OTEL_SERVICE_NAME', value: app },
    ],
    readinessProbe: { httpGet: { path: '/health/ready', port: 'http' } },
    livenessProbe: { httpGet: { path: '/health/live', port: 'http' } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1, memory: '256Mi' } },
    securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true },
  };
  tweak?.(container);
  return {
    kind: 'Deployment',
    metadata: { name: app },
    spec: { template: { spec: { containers: [container] } } },
  };
}

const policy = (component: string, from?: string[], port = 3001): K8sDoc => ({
  kind: 'NetworkPolicy',
  metadata: { name: component },
  spec: {
    podSelector: sel(component),
    ingress: [
      { ports: [{ port }], ...(from ? { from: from.map((f) => ({ podSelector: sel(f) })) } : {}) },
    ],
  },
});

function sound(): K8sDoc[] {
  return [
    ...['bff', 'user-service', 'order-service', 'loyalty-service', 'recommendation-service'].map(
      (a) => deployment(a),
    ),
    {
      kind: 'NetworkPolicy',
      metadata: { name: 'deny' },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    policy('bff', undefined, 3000),
    policy('user-service', ['bff']),
    policy('order-service', ['bff', 'recommendation-service']),
    policy('loyalty-service', ['bff']),
    policy('recommendation-service', ['bff']),
    policy('jaeger', undefined, 16686),
    { kind: 'Service', metadata: { name: 'gw' }, spec: { ports: [{ port: 4318 }] } },
    {
      kind: 'ConfigMap',
      metadata: { name: 'otel' },
      data: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://gw:4318',
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        OTEL_PROPAGATORS: 'tracecontext,baggage,b3multi',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=kubernetes',
        OTEL_BSP_SCHEDULE_DELAY: '500',
        TRACE_SEAM: 'bridged',
      },
    },
  ];
}

const compose = readComposeEnv(join(repoRoot(), 'docker-compose.yml'));
const rules = (docs: K8sDoc[]) => checkChart(docs, compose).map((v) => `${v.resource} ${v.rule}`);

describe('checkChart', () => {
  it('reads the shared OTEL_* set of docker-compose.yml, defaults resolved', () => {
    assert.equal(compose.shared['OTEL_BSP_SCHEDULE_DELAY'], '500');
    assert.equal(compose.shared['OTEL_EXPORTER_OTLP_ENDPOINT'], 'http://collector:4318');
    assert.equal(compose.serviceNames['order-service'], 'order-service');
    const parsed = composeEnv(
      'x: &e\n  A: ${A:-1}\nservices:\n' +
        ['bff', 'user-service', 'order-service', 'loyalty-service', 'recommendation-service']
          .map(
            (s) =>
              `  ${s}:\n    environment:\n      <<: *e\n      APP: ${s}\n      OTEL_SERVICE_NAME: ${s}\n`,
          )
          .join(''),
    );
    assert.equal(parsed.shared['A'], '1');
  });

  it('passes a sound set of documents', () => {
    assert.deepEqual(rules(sound()), []);
  });

  it('names a missing probe, missing limits, a root user and a writable root filesystem', () => {
    const docs = sound();
    docs[1] = deployment('user-service', (c) => {
      delete c['livenessProbe'];
      c['resources'] = { requests: { cpu: '1', memory: '1Gi' } };
      c['securityContext'] = {};
    });
    assert.deepEqual(rules(docs), [
      'Deployment/user-service probes',
      'Deployment/user-service resources',
      'Deployment/user-service non-root',
      'Deployment/user-service read-only-root',
    ]);
  });

  it('names an internal service opened to the outside, and a caller that is not a real one', () => {
    const docs = sound();
    docs.push(
      policy('loyalty-service', undefined, 3003),
      policy('user-service', ['order-service']),
    );
    docs.push({
      kind: 'Service',
      metadata: { name: 'order' },
      spec: {
        type: 'NodePort',
        selector: { 'app.kubernetes.io/component': 'order-service' },
        ports: [{ port: 3002 }],
      },
    });
    assert.deepEqual(rules(docs), [
      'NetworkPolicy/loyalty-service outside-ingress',
      'NetworkPolicy/user-service callers',
      'Service/order outside-service',
    ]);
  });

  it('names an OTEL_* value that drifts from docker-compose.yml', () => {
    const docs = sound();
    const map = docs.find((d) => d.kind === 'ConfigMap')!;
    map.data = {
      ...map.data,
      OTEL_BSP_SCHEDULE_DELAY: '5000',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://nowhere:4318',
    };
    assert.deepEqual(rules(docs), ['ConfigMap/otel otel-contract', 'ConfigMap/otel otel-contract']);
  });

  it('accepts pinned tags and digests only', () => {
    assert.equal(pinnedImage('otel/opentelemetry-collector-contrib:0.161.0'), true);
    assert.equal(pinnedImage(`repo@sha256:${'a'.repeat(64)}`), true);
    assert.equal(pinnedImage('registry:5000/suite'), false);
    assert.equal(pinnedImage('suite:latest'), false);
  });
});
