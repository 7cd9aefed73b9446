import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeQuery, TracedDatabase } from './traced-database';

describe('TracedDatabase', () => {
  it('names queries the way OpenTelemetry database conventions do', () => {
    assert.deepEqual(describeQuery('SELECT * FROM orders WHERE user_id = ?'), {
      operation: 'SELECT',
      collection: 'orders',
    });
    assert.deepEqual(describeQuery(' insert into accruals (id) values (?)'), {
      operation: 'INSERT',
      collection: 'accruals',
    });
    assert.deepEqual(describeQuery('PRAGMA user_version'), { operation: 'QUERY' });
  });

  it('rolls back every write of a failed transaction', () => {
    const db = new TracedDatabase('test', ':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    assert.throws(() =>
      db.transaction(() => {
        db.run('INSERT INTO t (id, v) VALUES (1, ?)', 'kept?');
        db.run('INSERT INTO t (id, v) VALUES (1, ?)', 'duplicate key');
      }),
    );
    assert.equal(db.all('SELECT * FROM t').length, 0);
    db.close();
  });
});
