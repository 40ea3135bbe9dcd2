/** @jest-environment node */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/cli/errors';
import { buildProgram } from '../../src/cli/program';
import { createTestDatabase, TestDatabase } from '../support/db';
import { startProxy, TcpProxy } from '../support/tcpProxy';

// What a user sees when PostgreSQL or the network fails under `openkpi eval`: the command ends,
// with one line on stderr and exit code 2, and never waits forever.
const CATALOG = `apiVersion: openkpi/v1
name: failures
sources:
  orders: { table: shop.orders, time: created_at }
  slow: { sql: "SELECT created_at FROM shop.orders, pg_sleep(3)", time: created_at }
kpis:
  - { id: orders, name: Orders, source: orders, window: 7d, measure: { aggregate: count } }
  - { id: slow, name: Slow, source: slow, window: 7d, measure: { aggregate: count } }
`;
const AT = '2025-03-10T00:00:00Z';

let db: TestDatabase;
let file: string;

/** Runs `openkpi …args` in this process; resolves with the CliError (or undefined on success). */
async function openkpi(args: string[]): Promise<CliError | undefined> {
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await buildProgram('test').parseAsync(['node', 'openkpi', ...args]);
    return undefined;
  } catch (e) {
    if (e instanceof CliError) {
      return e;
    }
    throw e;
  } finally {
    out.mockRestore();
  }
}

function target(): { host: string; port: number } {
  const u = new URL(db.url);
  return { host: u.hostname, port: Number(u.port) };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query('CREATE SCHEMA shop; CREATE TABLE shop.orders (created_at timestamptz NOT NULL)');
  await db.query(
    `INSERT INTO shop.orders SELECT '${AT}'::timestamptz - g * interval '1 hour' FROM generate_series(1, 50) g`
  );
  file = join(mkdtempSync(join(tmpdir(), 'openkpi-failures-')), 'catalog.yaml');
  writeFileSync(file, CATALOG);
});
afterAll(() => db.drop());

describe('openkpi eval when the network or the server fails', () => {
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('ends with one line when the network stops answering after connect', async () => {
    proxy = await startProxy(target(), 'stall-after-connect');
    const err = await openkpi([
      'eval',
      file,
      '--at',
      AT,
      '--kpi',
      'orders',
      '--db',
      proxy.url(db.url),
      '--statement-timeout',
      '500',
    ]);
    expect(err?.exitCode).toBe(2);
    expect(err?.lines).toEqual([
      expect.stringMatching(
        /^openkpi: .*no answer from PostgreSQL at 127\.0\.0\.1:\d+ for 6 s \(statement timeout 0\.5 s\): the server or the network stopped answering$/
      ),
    ]);
  }, 20_000);

  it('ends with one line when the server never answers the connection', async () => {
    proxy = await startProxy(target(), 'silent');
    const err = await openkpi(['eval', file, '--at', AT, '--db', proxy.url(db.url), '--connect-timeout', '500']);
    expect(err?.exitCode).toBe(2);
    expect(err?.lines).toEqual([
      expect.stringMatching(/^openkpi: .*cannot connect to PostgreSQL at 127\.0\.0\.1:\d+: .*timeout/i),
    ]);
  }, 20_000);

  it('ends with one line when nothing listens (the server is stopped)', async () => {
    proxy = await startProxy(target(), 'forward');
    const url = proxy.url(db.url);
    await proxy.close();
    proxy = undefined;
    const err = await openkpi(['eval', file, '--at', AT, '--db', url]);
    expect(err?.exitCode).toBe(2);
    expect(err?.lines).toEqual([
      expect.stringMatching(/^openkpi: .*cannot connect to PostgreSQL at 127\.0\.0\.1:\d+: .*ECONNREFUSED/),
    ]);
  });

  it('ends with one line when the server ends the session mid-statement', async () => {
    // The killer's queries are awaited before the test ends: one still in flight when afterAll
    // closes the connection would fail the file with "Connection terminated" (seen on a loaded machine).
    const inFlight: Array<Promise<unknown>> = [];
    const killer = setInterval(() => {
      inFlight.push(
        db
          .query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'openkpi' AND state = 'active' AND pid <> pg_backend_pid()`
          )
          .catch(() => undefined)
      );
    }, 200);
    try {
      const err = await openkpi(['eval', file, '--at', AT, '--kpi', 'slow', '--db', db.url]);
      expect(err?.exitCode).toBe(2);
      expect(err?.lines).toEqual([expect.stringMatching(/^openkpi: .*slow: .*terminat/)]);
    } finally {
      clearInterval(killer);
      await Promise.all(inFlight);
    }
  }, 20_000);
});
