/** @jest-environment node */
/**
 * Backtest judges like eval (docs/cli.md, `openkpi backtest`; docs/catalog.md: Pace, Minimum
 * volume): a paced KPI is judged on its projection at each point, `pending` while too little of
 * the period has elapsed, and `low_volume` below the minimum volume — neither fires. Against real
 * PostgreSQL; every expected status is worked out in this file from the inserted rows.
 */
import { parseWindow } from '../../src/core/catalog/duration';
import { evaluateBacktest } from '../../src/core/backtest/evaluate';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, pgRunner } from '../support/fixtures';

const YAML = `apiVersion: openkpi/v1
name: backtest-gates
timezone: UTC
sources:
  deploys: { table: bg.deploys, time: t }
  checks: { table: bg.checks, time: t }
kpis:
  - id: deploys
    name: Deployments
    source: deploys
    window: month
    measure: { aggregate: count }
    target: 31
    thresholds: { warning: 28, critical: 20 }
    pace: { after: 0.2 }
  - id: rate
    name: Check success
    unit: percent
    source: checks
    window: 1d
    measure:
      ratio:
        numerator: { aggregate: count, filter: ok }
        denominator: { aggregate: count }
      scale: 100
    target: 90
    thresholds: { warning: 90, critical: 80 }
    minVolume: 3
`;

/** Deployments on March 2025 day d (d = 1…31): a slow start, then two a day from the 10th. */
const PER_DAY = (d: number): number => (d < 10 ? (d % 3 === 0 ? 1 : 0) : 2);
/** Checks per day (June 2025, days 1…8): [total, succeeded]. */
const CHECKS: Array<[number, number]> = [
  [5, 5],
  [2, 0],
  [3, 2],
  [0, 0],
  [4, 3],
  [1, 1],
  [6, 4],
  [3, 3],
];

let db: TestDatabase;
const catalog = catalogOf(YAML);

beforeAll(async () => {
  db = await createTestDatabase();
  const deploys = Array.from({ length: 31 }, (_, i) => i + 1).flatMap((d) =>
    Array.from({ length: PER_DAY(d) }, (_, k) => ({ t: new Date(Date.UTC(2025, 2, d, 8 + k)) }))
  );
  await createTable(db, 'bg.deploys', { t: 'timestamptz' }, deploys);
  const checks = CHECKS.flatMap(([n, ok], i) =>
    Array.from({ length: n }, (_, k) => ({ t: new Date(Date.UTC(2025, 5, i + 1, 1 + k)), ok: k < ok }))
  );
  await createTable(db, 'bg.checks', { t: 'timestamptz', ok: 'boolean' }, checks);
});

afterAll(async () => {
  await db?.drop();
});

/** Statuses by the rules of docs/catalog.md, from the figures (not through our status code). */
function thresholdStatus(v: number, warning: number, critical: number): string {
  return v < critical ? 'critical' : v < warning ? 'warning' : 'ok';
}

/** Entries into critical / into warning-or-critical (docs/cli.md: fired), counted by hand. */
function fired(statuses: string[]) {
  const alerting = (s?: string) => s === 'warning' || s === 'critical';
  let warning = 0;
  let critical = 0;
  statuses.forEach((s, i) => {
    const before = i === 0 ? undefined : statuses[i - 1];
    critical += s === 'critical' && before !== 'critical' ? 1 : 0;
    warning += alerting(s) && !alerting(before) ? 1 : 0;
  });
  return { warning, critical };
}

describe('backtest of a paced KPI', () => {
  it('judges the projection at each day end of March, pending before a fifth of the month', async () => {
    const result = await evaluateBacktest(
      catalog,
      {
        kpiId: 'deploys',
        from: new Date('2025-03-01T00:00:00Z'),
        to: new Date('2025-04-01T00:00:00Z'),
        step: parseWindow('day')!,
      },
      pgRunner(db)
    );
    // Points at the end of each day d = 1…31 (the last, April 1st 00:00, is all of March: share 1).
    let toDate = 0;
    const expected = Array.from({ length: 31 }, (_, i) => {
      const d = i + 1;
      toDate += PER_DAY(d);
      const share = d / 31;
      if (share < 0.2) {
        return 'pending';
      }
      return thresholdStatus(share === 1 ? toDate : toDate / share, 28, 20);
    });
    expect(result.points.map((p) => p.value)).toEqual(
      Array.from({ length: 31 }, (_, i) =>
        Array.from({ length: i + 1 }, (_, j) => PER_DAY(j + 1)).reduce((a, b) => a + b, 0)
      )
    );
    expect(result.points.map((p) => p.status)).toEqual(expected);
    // The early days are pending although their to-date value is far below critical.
    expect(expected.slice(0, 6)).toEqual(Array(6).fill('pending'));
    expect(expected).toContain('critical');
    expect(result.counts.pending).toBe(6);
    expect(result.fired).toEqual(fired(expected));
    // The last point agrees with eval at the same instant.
    const e = await evaluateKpis(catalog, { kpiIds: ['deploys'], at: instant('2025-04-01T00:00:00Z') }, pgRunner(db));
    expect(result.points[30].status).toBe(e.kpis[0].status);
  });
});

describe('backtest of a KPI with a minimum volume', () => {
  it('is low_volume where fewer than 3 checks fall in the day, and never fires there', async () => {
    const result = await evaluateBacktest(
      catalog,
      {
        kpiId: 'rate',
        from: new Date('2025-06-01T00:00:00Z'),
        to: new Date('2025-06-09T00:00:00Z'),
        step: parseWindow('1d')!,
      },
      pgRunner(db)
    );
    const expected = CHECKS.map(([n, ok]) => {
      if (n === 0) {
        return 'no_data';
      }
      if (n < 3) {
        return 'low_volume';
      }
      return thresholdStatus((100 * ok) / n, 90, 80);
    });
    // 100 ok, 0 % on 2 checks: low volume (not critical), 66.7 critical, none: no data, 75 critical,
    // 100 % on 1 check: low volume, 66.7 critical, 100 ok.
    expect(expected).toEqual(['ok', 'low_volume', 'critical', 'no_data', 'critical', 'low_volume', 'critical', 'ok']);
    expect(result.points.map((p) => p.status)).toEqual(expected);
    expect(result.counts).toMatchObject({ low_volume: 2, critical: 3, ok: 2, no_data: 1 });
    expect(result.fired).toEqual(fired(expected));
  });

  it('with replaced thresholds, the gates still hold', async () => {
    const result = await evaluateBacktest(
      catalog,
      {
        kpiId: 'rate',
        from: new Date('2025-06-01T00:00:00Z'),
        to: new Date('2025-06-09T00:00:00Z'),
        step: parseWindow('1d')!,
        warning: 70,
        critical: 50,
      },
      pgRunner(db)
    );
    expect(result.points.map((p) => p.status)).toEqual([
      'ok',
      'low_volume',
      'warning',
      'no_data',
      'ok',
      'low_volume',
      'warning',
      'ok',
    ]);
  });
});
