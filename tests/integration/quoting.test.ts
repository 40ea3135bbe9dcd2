/** @jest-environment node */
import fc from 'fast-check';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { quoteLiteral } from '../../src/core/sql/quote';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, pgRunner } from '../support/fixtures';
import { expandGrafanaMacros } from '../support/grafanaMacros';

// Viewer values (dimension filters, variables) reach SQL only through quoteLiteral. A legacy role
// or database may run with standard_conforming_strings = off, where a backslash escapes the
// closing quote of '...'; and Grafana's PostgreSQL data source rewrites `$__…` and `$name(…)`
// inside literals. The literal must mean the value, unchanged, in every case.
const HOSTILE = [
  "\\'; SELECT pg_sleep(2); --",
  "\\' OR true --",
  "x\\' UNION SELECT secret FROM vault.secret --",
  '\\',
  "'",
  "\\\\'",
  '$__interval',
  '$__interval_ms',
  '$__timeFilter(t)',
  '$__unixEpochFrom()',
  '$foo(bar)',
  '$$ dollar $$',
  '$tag$x$tag$',
  "E'\\x27'",
];

const CATALOG = `
apiVersion: openkpi/v1
name: quoting
sources:
  events: { table: events, time: t, dimensions: [team] }
kpis:
  - { id: n, name: Events, source: events, window: 1d, measure: { aggregate: count } }
`;
const AT = new Date('2026-03-01T00:00:00Z');
const range = { from: new Date('2026-02-01T00:00:00Z'), to: AT, intervalMs: 60_000 };

describe.each(['on', 'off'])('literals with standard_conforming_strings = %s', (setting) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.query('CREATE SCHEMA vault; CREATE TABLE vault.secret (secret text)');
    await db.query('INSERT INTO vault.secret VALUES ($1)', ['TOP-SECRET']);
    // One event per hostile team name, plus one plain team.
    await createTable(
      db,
      'events',
      { t: 'timestamptz', team: 'text' },
      [...HOSTILE, 'plain'].map((team) => ({ t: new Date('2026-02-28T12:00:00Z'), team }))
    );
    await db.query(`SET standard_conforming_strings = ${setting}`);
    // The server sees what the test meant to set.
    const [row] = await db.query<{ standard_conforming_strings: string }>('SHOW standard_conforming_strings');
    expect(row.standard_conforming_strings).toBe(setting);
  });
  afterAll(() => db.drop());

  it('reads back every string as itself, also after Grafana expands its macros', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.constantFrom(...HOSTILE),
          fc.string({ unit: 'binary' }),
          fc.stringMatching(/^[\\'$_a-z()E ]{0,12}$/)
        ),
        async (value) => {
          fc.pre(!value.includes('\u0000'));
          const sql = `SELECT ${quoteLiteral(value)}::text AS v`;
          const expanded = expandGrafanaMacros(sql, range);
          expect(expanded).toBe(sql);
          const [row] = await db.query<{ v: string }>(expanded);
          expect(row.v).toBe(value);
        }
      ),
      { numRuns: 300 }
    );
  });

  it.each(HOSTILE)('a filter on team %s counts only that team, through Grafana', async (team) => {
    const pg = pgRunner(db);
    const throughGrafana = { query: (sql: string) => pg.query(expandGrafanaMacros(sql, range)) };
    const result = await evaluateKpis(
      catalogOf(CATALOG),
      { at: instant(AT), filters: [{ dimension: 'team', values: [team] }] },
      throughGrafana
    );
    expect(result.kpis[0].error).toBeUndefined();
    expect(result.kpis[0].value).toBe(1);
  });
});
