import { join } from 'node:path';
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { envString } from '../config/env';
import { TracedDatabase } from './traced-database';

export const DATABASE = Symbol('DATABASE');

export interface DatabaseOptions {
  /** Database (and file) name, e.g. `orders`. */
  name: string;
  /** CREATE TABLE IF NOT EXISTS ... */
  schema: string;
  /** Fills an empty database; must be deterministic so every start looks the same. */
  seed: (db: TracedDatabase) => void;
  /** `:memory:` or a file path; defaults to `$DATA_DIR/<name>.sqlite` (DATA_DIR defaults to ./.data). */
  location?: string;
}

export function databaseLocation(name: string, env = process.env): string {
  const dataDir = envString('DATA_DIR', join(process.cwd(), '.data'), env);
  return dataDir === ':memory:' ? ':memory:' : join(dataDir, `${name}.sqlite`);
}

class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: TracedDatabase) {}
  onApplicationShutdown(): void {
    this.db.close();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DATABASE,
          useFactory: () => {
            const db = new TracedDatabase(
              options.name,
              options.location ?? databaseLocation(options.name),
            );
            db.exec(options.schema);
            db.transaction(() => options.seed(db));
            return db;
          },
        },
        DatabaseCloser,
      ],
      exports: [DATABASE],
    };
  }
}
