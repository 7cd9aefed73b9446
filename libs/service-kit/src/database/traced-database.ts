import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import {
  SpanKind,
  SpanStatusCode,
  context,
  trace,
  type Attributes,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@suite/service-kit/database');

const OPERATION = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b/i;
const TABLE = /\b(?:FROM|INTO|UPDATE|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)/i;

/** `SELECT orders`: OpenTelemetry's database span name, `{db.operation.name} {db.collection.name}`. */
export function describeQuery(sql: string): { operation: string; collection?: string } {
  const operation = OPERATION.exec(sql)?.[1]?.toUpperCase() ?? 'QUERY';
  const collection = TABLE.exec(sql)?.[1];
  return collection ? { operation, collection } : { operation };
}

interface PreparedQuery {
  sql: string;
  spanName: string;
  attributes: Attributes;
  /** Prepared on first run, inside its span: a query SQLite refuses shows as that span's error. */
  statement?: StatementSync;
}

/**
 * An embedded SQLite database (node:sqlite) whose queries show in traces as database client spans.
 * Queries outside a request (schema, seeding at start) are not traced: they belong to no trace.
 */
export class TracedDatabase {
  private readonly db: DatabaseSync;
  /** Per query text, worked out once: its span's name and attributes, and its statement. */
  private readonly queries = new Map<string, PreparedQuery>();

  constructor(
    readonly name: string,
    readonly location: string,
  ) {
    if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
    this.db = new DatabaseSync(location);
    // WAL survives a killed process (the OS holds the log); NORMAL skips an fsync per commit.
    this.db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000;',
    );
  }

  /** Schema and seeding: untraced, run once at start. */
  exec(sql: string): void {
    this.db.exec(sql);
  }

  all<T>(sql: string, ...params: SQLInputValue[]): T[] {
    return this.traced(sql, (statement, span) => {
      const rows = statement.all(...params) as T[];
      span?.setAttribute('db.response.returned_rows', rows.length);
      return rows;
    });
  }

  get<T>(sql: string, ...params: SQLInputValue[]): T | undefined {
    return this.traced(sql, (statement, span) => {
      const row = statement.get(...params) as T | undefined;
      span?.setAttribute('db.response.returned_rows', row === undefined ? 0 : 1);
      return row;
    });
  }

  run(sql: string, ...params: SQLInputValue[]): { changes: number } {
    return this.traced(sql, (statement) => ({ changes: Number(statement.run(...params).changes) }));
  }

  /** Runs `work` atomically: all of its writes commit, or none. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
  }

  isOpen(): boolean {
    return this.db.isOpen;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  private query(sql: string): PreparedQuery {
    let query = this.queries.get(sql);
    if (!query) {
      const { operation, collection } = describeQuery(sql);
      query = {
        sql,
        spanName: collection ? `${operation} ${collection}` : operation,
        attributes: {
          'db.system.name': 'sqlite',
          'db.namespace': this.name,
          'db.operation.name': operation,
          ...(collection ? { 'db.collection.name': collection } : {}),
          'db.query.text': sql.replace(/\s+/g, ' ').trim(),
        },
      };
      this.queries.set(sql, query);
    }
    return query;
  }

  private statement(query: PreparedQuery): StatementSync {
    return (query.statement ??= this.db.prepare(query.sql));
  }

  private traced<T>(sql: string, run: (statement: StatementSync, span?: Span) => T): T {
    const query = this.query(sql);
    if (!trace.getSpan(context.active())) return run(this.statement(query));
    const span = tracer.startSpan(query.spanName, {
      kind: SpanKind.CLIENT,
      attributes: query.attributes,
    });
    try {
      return run(this.statement(query), span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      span.setAttribute('error.type', (error as { code?: string }).code ?? 'Error');
      throw error;
    } finally {
      span.end();
    }
  }
}
