// Finds PostgreSQL and RabbitMQ for the e2e tests: TEST_DATABASE_URL/TEST_AMQP_URL when set, else the local
// services when they answer, else Testcontainers; when none works the run fails here, it never skips.
import { connect } from 'amqplib';
import { Client } from 'pg';

const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

type Stoppable = { stop(): Promise<unknown> };
const started: Stoppable[] = [];
(globalThis as { __testContainers?: Stoppable[] }).__testContainers = started;

async function databaseAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function brokerAnswers(url: string): Promise<boolean> {
  try {
    const connection = await connect(url, { timeout: 3000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function startPostgresContainer(): Promise<string> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  started.push(container);
  return container.getConnectionUri();
}

async function startRabbitContainer(): Promise<string> {
  const { RabbitMQContainer } = await import('@testcontainers/rabbitmq');
  const container = await new RabbitMQContainer('rabbitmq:3.10-alpine').start();
  started.push(container);
  return container.getAmqpUrl();
}

async function resolve(
  what: string,
  given: string | undefined,
  local: string,
  answers: (url: string) => Promise<boolean>,
  startContainer: () => Promise<string>,
): Promise<string> {
  if (given) {
    if (!(await answers(given))) throw new Error(`${what} given by the environment does not answer: ${given}`);
    return given;
  }
  if (await answers(local)) return local;
  try {
    return await startContainer();
  } catch (error) {
    throw new Error(
      `No ${what} for the e2e tests: set the URL variable, run it locally (${local}), ` +
        `or provide a Docker engine for Testcontainers. Testcontainers said: ${String(error)}`,
    );
  }
}

export default async function globalSetup(): Promise<void> {
  process.env.TEST_DATABASE_URL = await resolve(
    'PostgreSQL (TEST_DATABASE_URL)',
    process.env.TEST_DATABASE_URL,
    LOCAL_DATABASE_URL,
    databaseAnswers,
    startPostgresContainer,
  );
  process.env.TEST_AMQP_URL = await resolve(
    'RabbitMQ (TEST_AMQP_URL)',
    process.env.TEST_AMQP_URL,
    LOCAL_AMQP_URL,
    brokerAnswers,
    startRabbitContainer,
  );
}
