// Each service owns a database on the shared server: create it when missing, keep its pool warm and bounded in time,
// and run its migrations under an advisory lock so that several instances can start at once.
import { DynamicModule, Logger } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource, DataSourceOptions, EntitySchema, Logger as TypeOrmLogger, MigrationExecutor, MixedList } from 'typeorm';

const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505'; // two CREATE DATABASE at once: the loser may see this instead of 42P04

export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) throw new Error(`unsupported database name "${name}"`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
        if (error.code !== DUPLICATE_DATABASE && error.code !== UNIQUE_VIOLATION) throw error;
      });
    }
  } finally {
    await admin.end();
  }
}

export interface DatabaseOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  migrations: DataSourceOptions['migrations'];
  poolSize: number;
  /** Cuts a statement that runs longer (0 = no limit); a hung query then fails instead of holding its connection. */
  statementTimeoutMs: number;
  /** Ends a session that sits in an open transaction this long (0 = no limit), releasing its locks. */
  idleInTransactionTimeoutMs: number;
  applicationName: string;
}

export function postgresOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: false, // runMigrationsUnderLock does it
    synchronize: false,
    poolSize: options.poolSize,
    applicationName: options.applicationName,
    connectTimeoutMS: 5000,
    extra: {
      statement_timeout: options.statementTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
      // Kept open once opened (pg closes idle connections after 10 s by default): a booking that arrives after a
      // quiet minute should not pay for a new connection and a cold backend.
      idleTimeoutMillis: 0,
      keepAlive: true,
    },
    logger: new TypeOrmToNestLogger(),
  };
}

/**
 * TypeORM's own lines through the app's logger (its default writes plain text to the console, beside the JSON
 * lines): its warnings (a pool's lost connection) and migrations. Never statements, failed ones included: TypeORM
 * would log them with their parameters, i.e. couples' personal data.
 */
class TypeOrmToNestLogger implements TypeOrmLogger {
  private readonly logger = new Logger('TypeORM');

  logQuery(): void {}
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log({ msg: message });
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ msg: String(message) });
  }
}

/** TypeORM for a service: its pool, then its pending migrations under the lock, before anything else uses it. */
export function databaseModule(options: DatabaseOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => postgresOptions(options),
    dataSourceFactory: async (dataSourceOptions) => {
      const dataSource = await new DataSource(dataSourceOptions!).initialize();
      try {
        await runMigrationsUnderLock(dataSource);
        return dataSource;
      } catch (error) {
        await dataSource.destroy().catch(() => undefined);
        throw error;
      }
    },
  });
}

/** Any fixed number: the lock is per database, so services on one server do not wait for each other. */
const MIGRATION_LOCK = 7_230_915_101;

/**
 * TypeORM takes no lock around migrations: two instances starting on a new migration would both run it and the loser
 * would crash. Here the second waits for the first, then finds nothing pending. Migrations run without the pool's
 * statement timeout (an index on a big table may take a while), each in its own transaction.
 */
export async function runMigrationsUnderLock(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner('master');
  await runner.connect();
  try {
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      await executor.executePendingMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
    await runner.query('RESET statement_timeout');
  } finally {
    await runner.release();
  }
}

/** What answerWithin gives for a query still unanswered. */
export const timedOut: unique symbol = Symbol('timed out');

/**
 * A query's answer, or `timedOut` once `ms` have passed. A database that does not answer at all (a dropped link, a
 * server frozen mid-connection) is not cut off by statement_timeout, which runs on the server: readiness and /metrics
 * must still answer, saying so, rather than hang as long as the query does.
 */
export async function answerWithin<T>(query: Promise<T>, ms: number): Promise<T | typeof timedOut> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), ms)));
  try {
    return await Promise.race([query, late]);
  } finally {
    clearTimeout(timer);
  }
}
