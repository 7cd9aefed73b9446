// Process faults through the FaultTarget interface against a real loyalty-service process:
// pause hangs it, resume heals it, kill and stop end it, start and restart bring it back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  LocalProcessTarget,
  ProcessGroup,
  freePort,
  httpCall,
  waitForHttp,
  type ServiceName,
  repoRoot,
} from '@suite/harness';

const group = new ProcessGroup('silent');
let url: string;
let target: LocalProcessTarget;

async function spawnLoyalty(port: number): Promise<void> {
  const managed = group.spawn(
    'loyalty-service',
    process.execPath,
    [join('apps', 'loyalty-service', 'dist', 'main.js')],
    {
      cwd: repoRoot(),
      env: {
        ...process.env,
        LATENCY: 'off',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: ':memory:',
      },
    },
  );
  await waitForHttp(`http://127.0.0.1:${port}/health/ready`, { stillAlive: () => !managed.exited });
}

const points = () => httpCall(url, { path: '/users/1/points', timeoutMs: 700 });

describe('process faults on a real service process', () => {
  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    await spawnLoyalty(port);
    const urls = { 'loyalty-service': url } as Record<ServiceName, string>;
    target = new LocalProcessTarget({
      kind: 'own',
      description: 'one loyalty-service',
      bffUrl: url,
      urls,
      pid: () => {
        const managed = group.get('loyalty-service');
        return managed && !managed.exited ? managed.child.pid : undefined;
      },
      spawn: () => spawnLoyalty(port),
    });
  });

  after(() => group.stopAll(1000));

  it('pause hangs the process (connections accepted, no answer); resume heals it', async () => {
    assert.equal((await points()).status, 200);
    await target.pause('loyalty-service');
    const hung = await points();
    assert.equal(hung.status, 0);
    assert.equal(hung.error, 'TimeoutError', 'no answer within the time limit, not refused');
    await target.resume('loyalty-service');
    assert.equal((await points()).status, 200);
  });

  it('kill ends it at once (connection refused); start brings it back', async () => {
    await target.kill('loyalty-service');
    assert.equal(group.get('loyalty-service')?.child.signalCode, 'SIGKILL');
    assert.equal((await points()).error, 'ECONNREFUSED');
    await target.start('loyalty-service');
    assert.equal((await points()).status, 200);
  });

  it('stop ends it gracefully (SIGTERM); restart and start are safe to repeat', async () => {
    await target.stop('loyalty-service');
    // Nest closes the app, then re-raises the signal: ended by SIGTERM, not killed.
    assert.equal(group.get('loyalty-service')?.child.signalCode, 'SIGTERM');
    assert.equal((await points()).error, 'ECONNREFUSED');
    await target.restart('loyalty-service');
    await target.start('loyalty-service'); // already running: a no-op, as a rollback needs
    assert.equal((await points()).status, 200);
    await assert.rejects(async () => {
      await target.kill('loyalty-service');
      await target.kill('loyalty-service');
    }, /not running: start it first/);
  });
});
