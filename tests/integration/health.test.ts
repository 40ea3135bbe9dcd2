/** @jest-environment jsdom */
/**
 * "Save & test" warns when the PostgreSQL data source's role can do more than read the catalog's
 * sources: the browser sends SQL as the viewer, so whatever the role may, a viewer with devtools
 * may (docs/security.md). Real roles on real PostgreSQL; the /api/ds/query stand-in connects as each.
 */
import { setBackendSrv } from '@grafana/runtime';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { parse } from 'yaml';
import { KpiDataSource } from '../../src/datasource/datasource';
import { TEST_CATALOG_YAML } from '../../src/datasource/fixtures';
import { testTemplateSrv } from '../../src/datasource/testTemplateSrv';
import { testKpiSettings, TEST_PG } from '../support/kpiDataSource';
import { createTestDatabase, TestDatabase } from '../support/db';
import { dsQueryStandIn } from '../support/dsQuery';

const PG = TEST_PG;
const SUFFIX = randomBytes(4).toString('hex');
const roles: string[] = [];
const clients: Client[] = [];
let db: TestDatabase;

/** A login role (cluster-wide, so suffixed) made by `grants` (SQL with `%R` for its name). */
async function role(name: string, grants: string): Promise<string> {
  const r = `${name}_${SUFFIX}`;
  roles.push(r);
  await db.query(`CREATE ROLE ${r} LOGIN PASSWORD 'pw'`);
  await db.query(`GRANT CONNECT ON DATABASE ${new URL(db.url).pathname.slice(1)} TO ${r}`);
  await db.query(grants.replace(/%R/g, r));
  return r;
}

/** Save & test of the test catalog, with the stand-in answering as `user` (the superuser when omitted). */
async function saveAndTest(user?: string, rawCatalog: unknown = parse(TEST_CATALOG_YAML)) {
  let client = db.client;
  if (user) {
    const url = new URL(db.url);
    url.username = user;
    url.password = 'pw';
    client = new Client({ connectionString: url.toString() });
    await client.connect();
    clients.push(client);
  }
  setBackendSrv(dsQueryStandIn(client, PG).backend);
  const settings = testKpiSettings({ catalog: rawCatalog });
  return new KpiDataSource(settings, undefined, testTemplateSrv([])).testDatasource();
}

const READ_SOURCES = `GRANT USAGE ON SCHEMA portal TO %R; GRANT SELECT ON portal.runs, portal.tickets TO %R;
  ALTER ROLE %R SET statement_timeout = '5s'`;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.query(`
    REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    CREATE SCHEMA portal;
    CREATE TABLE portal.runs (finished_at timestamptz, status text, team text, template text);
    CREATE TABLE portal.tickets (opened_at timestamptz, minutes double precision, team text);
    CREATE SCHEMA secrets;
    CREATE TABLE secrets.salaries (name text, amount numeric);
    CREATE TABLE secrets.keys (k text);
    INSERT INTO portal.runs VALUES (now() - interval '1 hour', 'succeeded', 'red', 'vm')`);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await db.drop();
  const url = new URL(db.url);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  for (const r of roles) {
    await admin.query(`DROP ROLE IF EXISTS ${r}`);
  }
  await admin.end();
});

describe('Save & test warns about the role', () => {
  it('succeeds without a warning for a read-only role limited to the sources, with a timeout', async () => {
    const result = await saveAndTest(await role('kpi_ro', READ_SOURCES));
    expect(result).toEqual({
      status: 'success',
      message: 'Catalog test-portal: 3 KPIs and 2 sources evaluated on PostgreSQL',
    });
  });

  it('warns when the role can read tables no source reads, naming them', async () => {
    const r = await role(
      'kpi_wide',
      `${READ_SOURCES}; GRANT USAGE ON SCHEMA secrets TO %R; GRANT SELECT ON ALL TABLES IN SCHEMA secrets TO %R`
    );
    const result = await saveAndTest(r);
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(/^Catalog test-portal: 3 KPIs and 2 sources evaluated on PostgreSQL, but /);
    expect(result.message).toContain(
      'the role can read 2 tables (secrets.keys, secrets.salaries) that no source of the catalog reads'
    );
    expect(result.details?.message).toContain('docs/security.md');
  });

  it('warns when the role can write a source table, or create tables', async () => {
    const r = await role(
      'kpi_rw',
      `${READ_SOURCES}; GRANT INSERT ON portal.runs TO %R; GRANT CREATE ON SCHEMA portal TO %R`
    );
    const result = await saveAndTest(r);
    expect(result.status).toBe('warning');
    expect(result.message).toContain('the role can write 1 table (portal.runs)');
    expect(result.message).toContain('the role can create tables in 1 schema (portal)');
    expect(result.message).not.toContain('can read');
  });

  it('warns when the role has no statement timeout', async () => {
    const r = await role(
      'kpi_nt',
      'GRANT USAGE ON SCHEMA portal TO %R; GRANT SELECT ON portal.runs, portal.tickets TO %R'
    );
    const result = await saveAndTest(r);
    expect(result.status).toBe('warning');
    expect(result.message).toMatch(/, but the role has no statement timeout$/);
  });

  it('warns when the role is a superuser', async () => {
    const result = await saveAndTest();
    expect(result.status).toBe('warning');
    expect(result.message).toContain('but the role is a superuser: viewers can run any SQL on the server');
  });

  it('counts a table a SQL source reads as a source, whatever its case or quotes', async () => {
    const raw = parse(TEST_CATALOG_YAML);
    raw.sources.tickets.sql = 'SELECT opened_at, minutes, team FROM portal."tickets" JOIN secrets.KEYS ON true';
    const r = await role(
      'kpi_sql',
      `${READ_SOURCES}; GRANT USAGE ON SCHEMA secrets TO %R; GRANT SELECT ON secrets.keys, secrets.salaries TO %R`
    );
    const result = await saveAndTest(r, raw);
    expect(result.status).toBe('warning');
    expect(result.message).toContain('the role can read 1 table (secrets.salaries)');
  });
});
