// Starts Debian's PostgreSQL 15 (with the `hll` extension's files) in a temporary folder for
// `npm run test:extensions`. Workers inherit process.env, so tests/support/db.ts connects to it.
// As root the server runs as the `postgres` user, who owns the folder.
import { execFileSync, ExecFileSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresUser } from '../../src/cli/embeddedPostgres';
import { anyFreePort } from '../../src/cli/freePort';

export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const HLL_SO = '/usr/lib/postgresql/15/lib/hll.so';

/** A failure that jest shows as its one line. */
function fail(message: string): never {
  const e = new Error(message);
  e.stack = message;
  throw e;
}

/** Runs a PostgreSQL program as the user the server runs as (postgres when we are root). */
export function pgRun(program: string, args: string[], dir: string): void {
  const options: ExecFileSyncOptions = { cwd: dir, stdio: 'pipe' };
  if (process.getuid?.() === 0) {
    const ids = postgresUser();
    if (!ids) {
      fail('the postgres user is missing (apt-get install postgresql-15 creates it)');
    }
    Object.assign(options, ids);
  }
  execFileSync(path.join(PG_BIN, program), args, options);
}

export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(path.join(PG_BIN, 'pg_ctl'))) {
    fail(`${PG_BIN}/pg_ctl is missing: install PostgreSQL 15 (apt-get install postgresql-15 postgresql-15-hll)`);
  }
  if (!fs.existsSync(HLL_SO)) {
    fail(`${HLL_SO} is missing: install postgresql-15-hll (apt-get install postgresql-15-hll)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openkpi-ext-pg-'));
  fs.chmodSync(dir, 0o700);
  const ids = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (ids) {
    fs.chownSync(dir, ids.uid, ids.gid);
  }
  const data = path.join(dir, 'data');
  const port = await anyFreePort();
  process.env.OPENKPI_EXT_PG_DIR = dir;
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], dir);
  pgRun(
    'pg_ctl',
    [
      '-D',
      data,
      '-l',
      path.join(dir, 'server.log'),
      '-w',
      '-o',
      `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`,
      'start',
    ],
    dir
  );
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}
