// Starts a throwaway PostgreSQL for the test run unless DATABASE_URL points at one.
// Workers inherit process.env, so every test file sees DATABASE_URL.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEmbeddedPostgres, withPrivateTmp } from '../../src/cli/embeddedPostgres';
import { anyFreePort } from '../../src/cli/freePort';

export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    return;
  }
  const port = await anyFreePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-test-pg-'));
  // As root the server runs as `postgres`: loaded from where that user reaches the binaries
  // (a checkout in /root is out of its reach), with initdb's password file in a private folder.
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: true,
    onLog: () => undefined,
  });
  await withPrivateTmp(() => server.initialise());
  await server.start();
  (globalThis as { __OPENKPI_PG__?: unknown }).__OPENKPI_PG__ = server;
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
