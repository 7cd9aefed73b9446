// The Kubernetes fault target without a cluster: a recording runner stands in for kubectl, and each
// fault must issue exactly the kubectl argv that does it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KubernetesTarget, type KubectlRunner } from './kubernetes-target';

function recorder(answers: Record<string, string> = {}) {
  const calls: string[][] = [];
  const runner: KubectlRunner = (args) => {
    calls.push(args);
    const key = Object.keys(answers).find((k) => args.join(' ').includes(k));
    return Promise.resolve(key ? answers[key]! : '');
  };
  return { calls, runner };
}

const scope = ['--context', 'kind-suite', '--namespace', 'tracing'];
const selector = 'app.kubernetes.io/instance=suite,app.kubernetes.io/component=loyalty-service';

function target(runner: KubectlRunner) {
  return new KubernetesTarget({
    release: 'suite',
    namespace: 'tracing',
    context: 'kind-suite',
    bffUrl: 'http://127.0.0.1:3000',
    runner,
    readyTimeoutS: 90,
  });
}

describe('KubernetesTarget', () => {
  it('kill deletes one running pod at once', async () => {
    const { calls, runner } = recorder({
      'get pods': 'suite-loyalty-service-7d9-abcde suite-loyalty-service-7d9-fghij',
    });
    await target(runner).kill('loyalty-service');
    assert.deepEqual(calls, [
      [
        ...scope,
        'get',
        'pods',
        '--selector',
        selector,
        '--field-selector',
        'status.phase=Running',
        '--output',
        'jsonpath={.items[*].metadata.name}',
      ],
      [
        ...scope,
        'delete',
        'pod',
        'suite-loyalty-service-7d9-abcde',
        '--grace-period=0',
        '--force',
        '--wait=false',
      ],
    ]);
  });

  it('kill says what to do when no pod runs', async () => {
    const { runner } = recorder({ 'get pods': '' });
    await assert.rejects(target(runner).kill('loyalty-service'), /no running pod: start it first/);
  });

  it('stop scales to zero and waits for the pods to go; start scales back to the replicas it had', async () => {
    const replicas = { value: '2' };
    const calls: string[][] = [];
    const runner: KubectlRunner = (args) => {
      calls.push(args);
      if (args.includes('jsonpath={.spec.replicas}')) return Promise.resolve(replicas.value);
      if (args.includes('--replicas=0')) replicas.value = '0';
      return Promise.resolve('');
    };
    const k8s = target(runner);
    await k8s.stop('loyalty-service');
    await k8s.start('loyalty-service');
    const deployment = 'deployment/suite-loyalty-service';
    assert.deepEqual(calls, [
      [...scope, 'get', deployment, '--output', 'jsonpath={.spec.replicas}'],
      [...scope, 'scale', deployment, '--replicas=0'],
      [...scope, 'wait', '--for=delete', 'pod', '--selector', selector, '--timeout=60s'],
      [...scope, 'get', deployment, '--output', 'jsonpath={.spec.replicas}'],
      [...scope, 'scale', deployment, '--replicas=2'],
      [...scope, 'rollout', 'status', deployment, '--timeout=90s'],
    ]);
  });

  it('start on a running Deployment only waits for its rollout', async () => {
    const { calls, runner } = recorder({ 'jsonpath={.spec.replicas}': '1' });
    await target(runner).start('order-service');
    assert.deepEqual(calls.at(-1), [
      ...scope,
      'rollout',
      'status',
      'deployment/suite-order-service',
      '--timeout=90s',
    ]);
    assert.equal(calls.length, 2);
  });

  it('restart rolls the Deployment and waits', async () => {
    const { calls, runner } = recorder();
    await target(runner).restart('user-service');
    assert.deepEqual(calls, [
      [...scope, 'rollout', 'restart', 'deployment/suite-user-service'],
      [...scope, 'rollout', 'status', 'deployment/suite-user-service', '--timeout=90s'],
    ]);
  });

  it('pause is refused with what to use instead', async () => {
    const { calls, runner } = recorder();
    await assert.rejects(target(runner).pause('user-service'), /use the chaos API's "hang" fault/);
    assert.equal(calls.length, 0);
  });

  it('asks an internal service from inside its pod', async () => {
    const { calls, runner } = recorder({
      exec: JSON.stringify({ status: 200, text: '{"points":10}' }),
    });
    const answer = await target(runner).http('loyalty-service', { path: '/users/1/points' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { points: 10 });
    const args = calls[0]!;
    assert.deepEqual(args.slice(0, 9), [
      ...scope,
      'exec',
      'deployment/suite-loyalty-service',
      '--',
      'node',
      '-e',
    ]);
    assert.deepEqual(args.slice(10), [
      '/users/1/points',
      JSON.stringify({ method: 'GET', headers: {} }),
    ]);
  });
});
