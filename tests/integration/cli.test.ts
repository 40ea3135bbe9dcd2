/** @jest-environment node */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseError } from '../../src/cli/errors';
import { migrate } from '../../src/cli/migrate';
import { connect } from '../../src/cli/pgRunner';
import { createTestDatabase, TestDatabase } from '../support/db';

// Runs the built CLI (bin/openkpi.cjs → dist-cli/openkpi.cjs) as a user would, against a
// fresh database. Expected figures are worked out by hand from the rows inserted below.

const ROOT = resolve(__dirname, '../..');
const AT = '2025-03-10T00:00:00Z';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let db: TestDatabase;
let dir: string;

/** Runs `openkpi …args` with DATABASE_URL pointing at the test database; never rejects. */
function openkpi(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/openkpi.cjs'), ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, USER: 'tester', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function stderrLines(run: Run): string[] {
  return run.stderr.split('\n').filter((l) => l !== '');
}

/** No stack trace: no "    at fn (file:line)" frames and no Error class names. */
function expectNoStack(run: Run): void {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/TypeError|ReferenceError|node:internal/);
}

const GOOD = `apiVersion: openkpi/v1
name: cli-test
timezone: UTC
sources:
  orders:
    table: shop.orders
    time: created_at
    dimensions: [region]
    freshness: 1d
kpis:
  - id: order_count
    name: Orders
    unit: short
    source: orders
    window: 7d
    measure: { aggregate: count }
    target: 5
  - id: avg_amount
    name: Average amount
    unit: currencyUSD
    decimals: 2
    source: orders
    window: 7d
    measure: { aggregate: avg, expression: amount }
    direction: lower
    target: 16
    thresholds: { warning: 25, critical: 30 }
  - id: team_happiness
    name: Team happiness
    source: manual
    window: 30d
    target: 7
  - id: uptime_manual
    name: Uptime (manual)
    unit: percent
    source: manual
    window: 30d
`;

// Line 10 is `source: nowhere`, line 11 `window: 7x` (both at column 13).
const BAD = `apiVersion: openkpi/v1
name: bad
sources:
  orders:
    table: shop.orders
    time: created_at
kpis:
  - id: order_count
    name: Orders
    source: nowhere
    window: 7x
    measure: { aggregate: count }
`;

const BROKEN_SQL = `apiVersion: openkpi/v1
name: broken-sql
sources:
  orders: { table: shop.orders, time: created_at }
kpis:
  - id: order_count
    name: Orders
    source: orders
    window: 7d
    measure: { aggregate: count }
  - id: bad_kpi
    name: Bad KPI
    source: orders
    window: 7d
    measure: { aggregate: sum, expression: no_such_column }
`;

let good: string;

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT });
  dir = mkdtempSync(join(tmpdir(), 'openkpi-cli-'));
  good = file('good.yaml', GOOD);
  db = await createTestDatabase();
  await migrate(db.client);
  await db.query(`CREATE SCHEMA shop;
    CREATE TABLE shop.orders (created_at timestamptz NOT NULL, amount numeric, region text);
    INSERT INTO shop.orders VALUES
      ('2025-03-10T00:00:00Z', 1000, 'us'),  -- at the instant: outside [at-7d, at)
      ('2025-03-09T12:00:00Z', 10, 'eu'),
      ('2025-03-08T00:00:00Z', 20, 'us'),
      ('2025-03-05T00:00:00Z', 20, NULL),
      ('2025-03-03T00:00:00Z', 30, 'eu'),    -- window start: inside
      ('2025-02-28T00:00:00Z', 40, NULL),    -- previous window
      ('2025-02-24T00:00:00Z', 50, 'eu');    -- previous window start
    INSERT INTO openkpi.measurement (kpi, time, value) VALUES
      ('team_happiness', '2025-03-01T00:00:00Z', 6),
      ('team_happiness', '2025-03-05T00:00:00Z', 8.5),
      ('other_kpi', '2025-03-09T00:00:00Z', 1);`);
});

afterAll(async () => {
  await db?.drop();
  if (dir) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('validate', () => {
  it('accepts a good catalog', async () => {
    const run = await openkpi(['validate', good]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('prints one FILE:LINE:COL: path: message line per problem and exits 1', async () => {
    const bad = file('bad.yaml', BAD);
    const run = await openkpi(['validate', good, bad]);
    expect(run.code).toBe(1);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^${bad}:10:13: kpis\\[0\\]\\.source: .*nowhere`));
    expect(lines[1]).toMatch(new RegExp(`^${bad}:11:13: kpis\\[0\\]\\.window: .*7x`));
    expectNoStack(run);
  });

  it('reports an unreadable file with exit 1', async () => {
    const run = await openkpi(['validate', join(dir, 'missing.yaml')]);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([expect.stringMatching(/^openkpi: .*missing\.yaml: cannot read file: ENOENT/)]);
  });

  it('refuses to evaluate a bad catalog', async () => {
    const bad = file('bad2.yaml', BAD);
    const run = await openkpi(['eval', bad, '--at', AT]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(stderrLines(run)).toHaveLength(2);
  });
});

describe('migrate and record', () => {
  it('migrates idempotently', async () => {
    for (let i = 0; i < 2; i++) {
      const run = await openkpi(['migrate']);
      expect(run).toMatchObject({ code: 0, stderr: '' });
    }
    const columns = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'openkpi' AND table_name = 'measurement' ORDER BY ordinal_position`
    );
    expect(columns).toEqual([
      { column_name: 'kpi', data_type: 'text', is_nullable: 'NO' },
      { column_name: 'time', data_type: 'timestamp with time zone', is_nullable: 'NO' },
      { column_name: 'value', data_type: 'double precision', is_nullable: 'NO' },
      { column_name: 'note', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'recorded_by', data_type: 'text', is_nullable: 'YES' },
      { column_name: 'recorded_at', data_type: 'timestamp with time zone', is_nullable: 'NO' },
    ]);
    const indexes = await db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = 'openkpi' AND tablename = 'measurement'`
    );
    expect(indexes.map((i) => i.indexdef)).toEqual([expect.stringContaining('(kpi, "time")')]);
  });

  it('records a manual measurement, then evaluates it', async () => {
    const note = `it's "fine"; DROP TABLE x; --`;
    const first = await openkpi(['record', 'uptime_manual', '99.5', '--at', '2025-03-02T00:00:00Z', '--catalog', good]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const second = await openkpi([
      'record',
      'uptime_manual',
      '97.25',
      '--at',
      '2025-03-06T08:00:00+02:00',
      '--note',
      note,
      '--catalog',
      good,
    ]);
    expect(second).toMatchObject({ code: 0, stderr: '' });

    const rows = await db.query(
      `SELECT value, note, recorded_by, (extract(epoch FROM time) * 1000)::double precision AS ms
       FROM openkpi.measurement WHERE kpi = 'uptime_manual' ORDER BY time`
    );
    expect(rows).toEqual([
      { value: 99.5, note: null, recorded_by: 'tester', ms: Date.UTC(2025, 2, 2) },
      { value: 97.25, note, recorded_by: 'tester', ms: Date.UTC(2025, 2, 6, 6) },
    ]);

    const run = await openkpi(['eval', good, '--kpi', 'uptime_manual', '--at', AT, '--json']);
    expect(run.code).toBe(0);
    const kpi = JSON.parse(run.stdout).kpis[0];
    // Manual KPIs default to the last value in the window.
    expect(kpi).toMatchObject({ id: 'uptime_manual', value: 97.25, lastDataAt: '2025-03-06T06:00:00.000Z' });
  });

  it('refuses to record a KPI that is not manual, or a bad value', async () => {
    const notManual = await openkpi(['record', 'order_count', '3', '--catalog', good]);
    expect(notManual.code).toBe(1);
    expect(stderrLines(notManual)).toEqual([expect.stringContaining('order_count: not a manual KPI')]);
    const badValue = await openkpi(['record', 'uptime_manual', '12abc']);
    expect(badValue.code).toBe(1);
    expect(stderrLines(badValue)).toHaveLength(1);
  });
});

describe('eval', () => {
  it('prints the documented JSON with hand-computed figures', async () => {
    const run = await openkpi([
      'eval',
      good,
      '--at',
      AT,
      '--json',
      '--kpi',
      'order_count',
      '--kpi',
      'avg_amount',
      '--kpi',
      'team_happiness',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(['catalog', 'at', 'kpis']);
    expect(doc.catalog).toBe('cli-test');
    expect(doc.at).toBe('2025-03-10T00:00:00.000Z');
    const keys = ['id', 'name', 'unit', 'value', 'target', 'status', 'attainment', 'previous', 'change'];
    const allKeys = [...keys, 'changePercent', 'window', 'lastDataAt', 'stale'];
    doc.kpis.forEach((k: object) => expect(Object.keys(k)).toEqual(allKeys));
    const window = { from: '2025-03-03T00:00:00.000Z', to: '2025-03-10T00:00:00.000Z' };
    // Window [03-03, 03-10): 4 orders (03-03, 03-05, 03-08, 03-09 12:00); previous [02-24, 03-03): 2.
    // No thresholds: the warning threshold is the target 5, and 4 < 5.
    expect(doc.kpis[0]).toEqual({
      id: 'order_count',
      name: 'Orders',
      unit: 'short',
      value: 4,
      target: 5,
      status: 'warning',
      attainment: 80,
      previous: 2,
      change: 2,
      changePercent: 100,
      window,
      lastDataAt: '2025-03-09T12:00:00.000Z',
      stale: false,
    });
    // avg(30, 20, 20, 10) = 20; previous avg(50, 40) = 45; lower is better: attainment 100·16/20.
    expect(doc.kpis[1]).toEqual({
      id: 'avg_amount',
      name: 'Average amount',
      unit: 'currencyUSD',
      value: 20,
      target: 16,
      status: 'ok',
      attainment: 80,
      previous: 45,
      change: -25,
      changePercent: expect.closeTo((100 * -25) / 45, 10),
      window,
      lastDataAt: '2025-03-09T12:00:00.000Z',
      stale: false,
    });
    // The last measurement in [02-08, 03-10) is 8.5; nothing in the previous 30 days.
    expect(doc.kpis[2]).toEqual({
      id: 'team_happiness',
      name: 'Team happiness',
      unit: null,
      value: 8.5,
      target: 7,
      status: 'ok',
      attainment: expect.closeTo((100 * 8.5) / 7, 10),
      previous: null,
      change: null,
      changePercent: null,
      window: { from: '2025-02-08T00:00:00.000Z', to: AT.replace('Z', '.000Z') },
      lastDataAt: '2025-03-05T00:00:00.000Z',
      stale: false,
    });
  });

  it('prints a plain aligned table without colour when stdout is not a terminal', async () => {
    const run = await openkpi(['eval', good, '--at', AT, '--kpi', 'order_count', '--kpi', 'avg_amount']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).not.toContain('\u001b[');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'KPI',
      'Name',
      'Value',
      'Target',
      'Status',
      'Attainment',
      'Change',
      'Last data',
    ]);
    expect(lines[1]).toMatch(
      /^order_count\s+Orders\s+4\s+5\s+warning\s+80\.0%\s+\+2 \(\+100\.0%\)\s+2025-03-09T12:00:00Z$/
    );
    expect(lines[2]).toMatch(
      /^avg_amount\s+Average amount\s+\$20\.00\s+\$16\.00\s+ok\s+80\.0%\s+-\$25\.00 \(-55\.6%\)/
    );
    // Aligned: every column starts at the same offset on every line.
    expect(lines[1].indexOf('Orders')).toBe(lines[0].indexOf('Name'));
    expect(lines[2].indexOf('ok')).toBe(lines[0].indexOf('Status'));
  });

  it.each<[string[], number]>([
    [['region=eu'], 2],
    [['region=eu', 'region=us'], 3],
    [["region=O'Brien"], 0],
    [['region=$var\\'], 0],
  ])('filters on a declared dimension: --filter %p', async (filters, expected) => {
    const args = filters.flatMap((f) => ['--filter', f]);
    const run = await openkpi(['eval', good, '--kpi', 'order_count', '--at', AT, '--json', ...args]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout).kpis[0].value).toBe(expected);
  });

  it('reports an unknown KPI with exit 1', async () => {
    const run = await openkpi(['eval', good, '--kpi', 'nope', '--at', AT]);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([expect.stringMatching(/^openkpi: .*good\.yaml: nope: unknown KPI/)]);
  });

  it('reads an --at without offset as wall time in the catalog zone (a whole month at month end)', async () => {
    const berlin = file(
      'berlin.yaml',
      GOOD.replace('timezone: UTC', 'timezone: Europe/Berlin').replace(/window: 7d/g, 'window: month')
    );
    const run = await openkpi(['eval', berlin, '--kpi', 'order_count', '--at', '2025-04-01', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const result = JSON.parse(run.stdout);
    // Berlin midnight of April 1st is 22:00 UTC on March 31st (CEST): the window is all of March.
    expect(result.at).toBe('2025-03-31T22:00:00.000Z');
    expect(result.kpis[0].window).toEqual({ from: '2025-02-28T23:00:00.000Z', to: '2025-03-31T22:00:00.000Z' });
  });

  it('rejects an --at that is not ISO-8601', async () => {
    for (const at of ['2025-02-30', 'yesterday', '10/03/2025']) {
      const run = await openkpi(['eval', good, '--at', at]);
      expect(run.code).toBe(1);
      expect(stderrLines(run)).toEqual([expect.stringContaining('not an instant')]);
    }
  });

  it('still evaluates the other KPIs when one has a SQL error, and exits 2', async () => {
    const broken = file('broken-sql.yaml', BROKEN_SQL);
    const run = await openkpi(['eval', broken, '--at', AT, '--json']);
    expect(run.code).toBe(2);
    const doc = JSON.parse(run.stdout);
    expect(doc.kpis[0]).toMatchObject({ id: 'order_count', value: 4, status: 'ok' });
    expect(doc.kpis[1]).toMatchObject({
      id: 'bad_kpi',
      value: null,
      status: 'error',
      window: { from: null, to: null },
    });
    expect(doc.kpis[1].error).toContain('column "no_such_column" does not exist');
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/^openkpi: .*broken-sql\.yaml: bad_kpi: column "no_such_column" does not exist/),
    ]);
    expectNoStack(run);
  });

  it('reports an unreachable database on one line with exit 2', async () => {
    const run = await openkpi(['--db', 'postgres://x@127.0.0.1:1/x', 'eval', good, '--at', AT]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(stderrLines(run)).toEqual([
      expect.stringMatching(/^openkpi: .*good\.yaml: cannot connect to PostgreSQL at 127\.0\.0\.1:1: .*ECONNREFUSED/),
    ]);
    expectNoStack(run);
  });

  it('prints a stack trace only with --debug', async () => {
    const run = await openkpi(['eval', good, '--db', 'postgres://x@127.0.0.1:1/x', '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\s+at /m);
  });
});

describe('statement timeout', () => {
  it('cancels a slow KPI after --statement-timeout milliseconds', async () => {
    const slow = file(
      'slow.yaml',
      `apiVersion: openkpi/v1
name: slow
sources:
  orders: { table: shop.orders, time: created_at }
kpis:
  - id: slow_kpi
    name: Slow
    source: orders
    window: 7d
    measure: { aggregate: sum, expression: "(SELECT 1 FROM pg_sleep(5))" }
`
    );
    const run = await openkpi(['--statement-timeout', '200', 'eval', slow, '--at', AT]);
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toEqual([expect.stringMatching(/slow_kpi: canceling statement due to statement timeout/)]);
  });
});

describe('pg runner', () => {
  it('returns plain rows with bigint and numeric as numbers', async () => {
    const connection = await connect({ url: db.url, statementTimeoutMs: 5000 });
    try {
      const rows = await connection.runner.query(
        `SELECT 9007199254740::bigint AS a, 2.5::numeric AS b, 'x'::text AS c, NULL::numeric AS d, 0.1::float8 AS e, true AS f`
      );
      expect(rows).toEqual([{ a: 9007199254740, b: 2.5, c: 'x', d: null, e: 0.1, f: true }]);
      await expect(connection.runner.query('SELECT nope')).rejects.toThrow(DatabaseError);
      await expect(connection.runner.query('SELECT nope')).rejects.toThrow('column "nope" does not exist');
    } finally {
      await connection.close();
    }
  });
});

describe('sql', () => {
  it('prints a statement that evaluates the KPI', async () => {
    const run = await openkpi(['sql', good, '--kpi', 'order_count', '--at', AT]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const rows = await db.query<{ kpi: string; value: number }>(run.stdout);
    expect(rows).toEqual([expect.objectContaining({ kpi: 'order_count', value: 4 })]);
  });
});

describe('series', () => {
  it('buckets: the measure per step, reported at each bucket start', async () => {
    const run = await openkpi([
      'series',
      good,
      '--kpi',
      'order_count',
      '--from',
      '2025-03-01',
      '--to',
      '2025-03-10',
      '--step',
      '3d',
      '--mode',
      'buckets',
      '--json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    // [03-01, 03-04): 03-03; [03-04, 03-07): 03-05; [03-07, 03-10): 03-08, 03-09 12:00.
    expect(JSON.parse(run.stdout)).toEqual({
      kpi: 'order_count',
      mode: 'buckets',
      points: [
        { time: '2025-03-01T00:00:00.000Z', value: 1 },
        { time: '2025-03-04T00:00:00.000Z', value: 1 },
        { time: '2025-03-07T00:00:00.000Z', value: 2 },
      ],
    });
  });

  it('trend (default): the KPI with its own window at each bucket end', async () => {
    const run = await openkpi([
      'series',
      good,
      '--kpi',
      'order_count',
      '--from',
      '2025-03-08',
      '--to',
      AT,
      '--step',
      'day',
      '--json',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    // at 03-09: [03-02, 03-09) has 03-03, 03-05, 03-08; at 03-10: 4 orders.
    expect(JSON.parse(run.stdout)).toEqual({
      kpi: 'order_count',
      mode: 'trend',
      points: [
        { time: '2025-03-09T00:00:00.000Z', value: 3 },
        { time: '2025-03-10T00:00:00.000Z', value: 4 },
      ],
    });
  });

  it('rejects a bad step', async () => {
    const run = await openkpi([
      'series',
      good,
      '--kpi',
      'order_count',
      '--from',
      '2025-03-08',
      '--to',
      AT,
      '--step',
      'fortnight',
    ]);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([expect.stringContaining('not a step')]);
  });
});

describe('breakdown', () => {
  it('prints rows by key ascending, the null key last', async () => {
    const run = await openkpi(['breakdown', good, '--kpi', 'order_count', '--by', 'region', '--at', AT, '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      kpi: 'order_count',
      by: 'region',
      rows: [
        { key: 'eu', value: 2 },
        { key: 'us', value: 1 },
        { key: null, value: 1 },
      ],
    });
  });

  it('reports an undeclared dimension with exit 1', async () => {
    const run = await openkpi(['breakdown', good, '--kpi', 'order_count', '--by', 'amount', '--at', AT]);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual([expect.stringMatching(/^openkpi: .*good\.yaml: order_count: .*"amount"/)]);
    expectNoStack(run);
  });
});

describe('usage errors', () => {
  it('prints one line and exits 1', async () => {
    const run = await openkpi(['eval']);
    expect(run.code).toBe(1);
    expect(stderrLines(run)).toEqual(["openkpi: missing required argument 'file'"]);
  });
});
