/** @jest-environment node */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from '../../src/cli/errors';
import { migrate } from '../../src/cli/migrate';
import { buildProgram } from '../../src/cli/program';
import { createTestDatabase, TestDatabase } from '../support/db';

// Manual measurements: (kpi, time) is a key, a correction says so and keeps the old value, the
// catalog is checked by default, and a measurement cannot be dated in the future.
const CATALOG = `apiVersion: openkpi/v1
name: record-test
sources:
  orders: { table: orders, time: t }
kpis:
  - { id: happiness, name: Team happiness, source: manual, window: 30d }
  - { id: coverage, name: Docs coverage, unit: percent, source: manual, window: 30d }
  - { id: orders, name: Orders, source: orders, window: 7d, measure: { aggregate: count } }
`;

let db: TestDatabase;
let catalog: string;

async function openkpi(args: string[], env: Record<string, string> = {}): Promise<{ error?: CliError; out: string }> {
  let out = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const saved = { ...process.env };
  Object.assign(process.env, { DATABASE_URL: db.url, USER: 'alice' }, env);
  try {
    await buildProgram('test').parseAsync(['node', 'openkpi', ...args]);
    return { out };
  } catch (e) {
    if (e instanceof CliError) {
      return { error: e, out };
    }
    throw e;
  } finally {
    process.env = saved;
    write.mockRestore();
  }
}

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.client);
  catalog = join(mkdtempSync(join(tmpdir(), 'openkpi-record-')), 'catalog.yaml');
  writeFileSync(catalog, CATALOG);
});
afterAll(() => db.drop());

const rowsOf = (kpi: string) =>
  db.query<{ value: number; recorded_by: string }>(
    'SELECT value, recorded_by FROM openkpi.measurement WHERE kpi = $1 ORDER BY time',
    [kpi]
  );

describe('openkpi record', () => {
  it('refuses a second value at the same instant, and corrects it with --replace keeping the history', async () => {
    const at = '2025-03-01T00:00:00Z';
    expect((await openkpi(['record', 'happiness', '7', '--at', at, '--catalog', catalog])).error).toBeUndefined();
    const again = await openkpi(['record', 'happiness', '9', '--at', at, '--catalog', catalog]);
    expect(again.error?.exitCode).toBe(1);
    expect(again.error?.lines).toEqual([
      'openkpi: happiness: a value is already recorded at 2025-03-01T00:00:00.000Z; add --replace to correct it',
    ]);
    expect(await rowsOf('happiness')).toEqual([{ value: 7, recorded_by: 'alice' }]);

    const fixed = await openkpi(['record', 'happiness', '9', '--at', at, '--catalog', catalog, '--replace'], {
      USER: 'bob',
    });
    expect(fixed.error).toBeUndefined();
    expect(fixed.out).toBe(
      'corrected happiness at 2025-03-01T00:00:00.000Z: 7 → 9 (the old value is kept in openkpi.measurement_history)\n'
    );
    expect(await rowsOf('happiness')).toEqual([{ value: 9, recorded_by: 'bob' }]);
    const history = await db.query(
      `SELECT value, recorded_by, replaced_by, replaced_at > now() - interval '1 minute' AS recent
       FROM openkpi.measurement_history WHERE kpi = 'happiness'`
    );
    expect(history).toEqual([{ value: 7, recorded_by: 'alice', replaced_by: 'bob', recent: true }]);
  });

  it('checks the KPI against the catalog by default', async () => {
    const none = await openkpi(['record', 'happiness', '7']);
    expect(none.error?.exitCode).toBe(1);
    expect(none.error?.lines[0]).toMatch(/--catalog FILE \(or OPENKPI_CATALOG\), or --unchecked/);
    const fromEnv = await openkpi(['record', 'nobody', '7'], { OPENKPI_CATALOG: catalog });
    expect(fromEnv.error?.exitCode).toBe(1);
    expect(fromEnv.error?.lines[0]).toMatch(/nobody/);
    const notManual = await openkpi(['record', 'orders', '3', '--catalog', catalog]);
    expect(notManual.error?.lines).toEqual([expect.stringContaining('orders: not a manual KPI')]);
    const outOfRange = await openkpi(['record', 'coverage', '140', '--catalog', catalog]);
    expect(outOfRange.error?.lines).toEqual([
      expect.stringContaining('140 is outside 0…100, the range of unit percent'),
    ]);
    expect(await rowsOf('coverage')).toEqual([]);
    const unchecked = await openkpi(['record', 'ad_hoc', '3', '--unchecked', '--at', '2025-01-01T00:00:00Z']);
    expect(unchecked.error).toBeUndefined();
    expect(await rowsOf('ad_hoc')).toEqual([{ value: 3, recorded_by: 'alice' }]);
  });

  it('refuses a time in the future beyond a few minutes', async () => {
    const far = await openkpi(['record', 'happiness', '5', '--at', '2062-01-01T00:00:00Z', '--catalog', catalog]);
    expect(far.error?.exitCode).toBe(1);
    expect(far.error?.lines[0]).toMatch(/2062-01-01T00:00:00.000Z is in the future/);
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect((await openkpi(['record', 'happiness', '5', '--at', soon, '--catalog', catalog])).error).toBeUndefined();
  });
});

describe('openkpi migrate on a table from an earlier version', () => {
  it('keeps one value per instant and moves the others and empty ones to the history', async () => {
    const old = await createTestDatabase();
    try {
      await old.query(
        'CREATE SCHEMA openkpi; CREATE TABLE openkpi.measurement (kpi text, time timestamptz, value double precision, note text, recorded_by text)'
      );
      await old.query(`INSERT INTO openkpi.measurement VALUES
        ('a', '2025-01-01', 1, NULL, 'x'), ('a', '2025-01-01', 5, NULL, 'y'), ('b', '2025-01-01', NULL, NULL, NULL)`);
      await migrate(old.client);
      await migrate(old.client);
      expect(await old.query('SELECT kpi, value FROM openkpi.measurement')).toEqual([{ kpi: 'a', value: 5 }]);
      expect(await old.query('SELECT kpi, value, reason FROM openkpi.measurement_history ORDER BY kpi')).toEqual([
        { kpi: 'a', value: 1, reason: 'another value at the same instant' },
        { kpi: 'b', value: null, reason: 'no value' },
      ]);
      await expect(
        old.query(`INSERT INTO openkpi.measurement (kpi, time, value) VALUES ('a', '2025-01-01', 2)`)
      ).rejects.toThrow(/duplicate key/);
    } finally {
      await old.drop();
    }
  });
});
