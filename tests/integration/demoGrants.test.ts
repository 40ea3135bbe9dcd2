/** @jest-environment node */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { migrate } from '../../src/cli/migrate';
import { createTestDatabase, TestDatabase } from '../support/db';

// The compose loader (scripts/load-data.mjs) gives Grafana's role read access to the schemas the
// example catalogs use and nothing else: a viewer can send any SELECT that role allows.
const ROOT = join(__dirname, '..', '..');

describe('the demo loader', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.client);
    await db.query('CREATE SCHEMA secrets; CREATE TABLE secrets.salaries (name text, amount numeric)');
    await promisify(execFile)(process.execPath, ['scripts/load-data.mjs'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, GRAFANA_DB_PASSWORD: "pa'ss" },
    });
  }, 120_000);
  afterAll(() => db.drop());

  it('grants grafana_ro the examples’ schemas, read-only, with a statement timeout', async () => {
    const privileges = await db.query<{ table: string; read: boolean; write: boolean }>(`
      SELECT table_schema || '.' || table_name AS table,
             has_table_privilege('grafana_ro', format('%I.%I', table_schema, table_name), 'SELECT') AS read,
             has_table_privilege('grafana_ro', format('%I.%I', table_schema, table_name), 'INSERT,UPDATE,DELETE,TRUNCATE') AS write
      FROM information_schema.tables WHERE table_schema IN ('portal', 'acct', 'suite', 'integrations', 'vps', 'openkpi', 'secrets')`);
    const readable = privileges.filter((p) => p.read).map((p) => p.table.split('.')[0]);
    expect(new Set(readable)).toEqual(new Set(['portal', 'acct', 'suite', 'integrations', 'vps', 'openkpi']));
    expect(privileges.filter((p) => p.write)).toEqual([]);
    expect(privileges.find((p) => p.table === 'secrets.salaries')).toMatchObject({ read: false });
    const [setting] = await db.query<{ config: string[] }>(
      `SELECT rolconfig AS config FROM pg_roles WHERE rolname = 'grafana_ro'`
    );
    expect(setting.config).toContain('statement_timeout=30s');
  });
});
