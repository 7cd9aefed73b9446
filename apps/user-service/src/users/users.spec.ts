import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';

// Before the app loads: no simulated latency, a fresh in-memory database, no log noise.
process.env['LATENCY'] = 'off';
process.env['DATA_DIR'] = ':memory:';
process.env['LOG_LEVEL'] = 'silent';

import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorBody, User } from '@suite/contracts';
import { seedUsers, USER_COUNT } from '@suite/fixtures';
import { serveOnLoopback, type LoopbackApp } from '@suite/testing';
import { createServiceApp, DATABASE, type TracedDatabase } from '@suite/service-kit';

describe('user-service users (real app, in-memory SQLite)', () => {
  let app: NestExpressApplication;
  let served: LoopbackApp;

  before(async () => {
    const { AppModule } = await import('../app.module.js');
    app = await createServiceApp(AppModule, { serviceName: 'user-service' });
    served = await serveOnLoopback(app);
  });

  after(async () => {
    await served.stop();
  });

  async function get<T>(path: string): Promise<{ status: number; headers: Headers; body: T }> {
    const response = await fetch(`${served.base}${path}`);
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as T,
    };
  }

  it('seeds every user into the database', () => {
    const db = app.get<TracedDatabase>(DATABASE);
    assert.equal(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM users')!.n, USER_COUNT);
  });

  it('answers a known user with 200 and the stored profile', async () => {
    const seeded = seedUsers();
    for (const id of ['1', '42', String(USER_COUNT)]) {
      const reply = await get<User>(`/users/${id}`);
      assert.equal(reply.status, 200, `user ${id}`);
      assert.deepEqual(
        reply.body,
        seeded.find((u) => u.id === id),
      );
    }
  });

  it('answers an unknown user with 404 and a message that says which users exist', async () => {
    const reply = await get<ErrorBody>(`/users/${USER_COUNT + 1}`);
    assert.equal(reply.status, 404);
    assert.equal(reply.body.statusCode, 404);
    assert.equal(reply.body.error, 'Not Found');
    assert.match(reply.body.message, new RegExp(`user ${USER_COUNT + 1} does not exist`));
    assert.match(reply.body.message, /seeded users are 1 to 300/);
  });

  for (const [name, id] of [
    ['zero', '0'],
    ['a leading zero', '042'],
    ['letters', 'abc'],
    ['a negative number', '-1'],
    ['a decimal', '4.2'],
    ['ten digits', '1234567890'],
    ['SQL', encodeURIComponent("1' OR '1'='1")],
  ] as const) {
    it(`refuses an id with ${name} with a 400 naming userId`, async () => {
      const reply = await get<ErrorBody>(`/users/${id}`);
      assert.equal(reply.status, 400);
      assert.equal(reply.body.error, 'Bad Request');
      assert.deepEqual(
        reply.body.issues?.map((i) => i.path),
        ['userId'],
      );
      assert.match(reply.body.message, /userId must be a positive integer/);
    });
  }

  it('puts the correlation id of the answer in the error body too', async () => {
    const reply = await get<ErrorBody>('/users/abc');
    assert.equal(reply.status, 400);
    const header = reply.headers.get('x-correlation-id');
    assert.ok(header, 'x-correlation-id on the answer');
    assert.equal(reply.body.correlationId, header);
  });
});
