import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { anyFreePort } from '../../src/cli/freePort';
import { loadEmbeddedPostgres, withPrivateTmp } from '../../src/cli/embeddedPostgres';

/** A PostgreSQL for a benchmark: its URL and how to stop it (nothing to stop for DATABASE_URL). */
export interface BenchDatabase {
  url: string;
  stop: () => Promise<void>;
}

/**
 * DATABASE_URL, or an embedded PostgreSQL on a free loopback port in a fresh temporary folder.
 * Started as tests/support does (src/cli/embeddedPostgres.ts): as root from a mode-700 checkout
 * the postgres user cannot reach node_modules, and initdb's password file must not sit in /tmp.
 */
export async function benchDatabase(name: string, flags: string[] = []): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    return { url: process.env.DATABASE_URL, stop: async () => undefined };
  }
  const port = await anyFreePort();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: fs.mkdtempSync(path.join(os.tmpdir(), `openkpi-${name}-`)),
    user: 'postgres',
    password: name,
    port,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: () => undefined,
  });
  await withPrivateTmp(() => server.initialise());
  await server.start();
  return { url: `postgres://postgres:${name}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}
