/** @jest-environment node */
/**
 * docs/catalog.md: Comparison period, Growth KPIs against real PostgreSQL: `compare: year` ([from ⊖ 1y, to ⊖ 1y) in the catalog zone:
 * wall time minus a calendar year, February 29 → February 28) for rolling and calendar windows,
 * and growth KPIs (100 × (value − previous) / |previous| of the named KPI; null when previous is
 * null or 0; previous = the growth at the named KPI's previous window end; window, lastDataAt and
 * staleness from the named KPI) in eval, series and breakdown. Windows are written out by hand
 * in UTC; sums and averages are computed in JavaScript from the inserted rows.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateBreakdown } from '../../src/core/evaluation/breakdown';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { evaluateSeries } from '../../src/core/evaluation/series';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, DAY, HOUR, inWindow, isoOf, ms, pgRunner, Row } from '../support/fixtures';

interface Sale extends Row {
  t: Date;
  amount: number;
  region: string;
}

const REGIONS = ['apac', 'eu', 'us'];
/** A sale every 13 h from 2023-01-01 to 2025-06-30, growing slowly; none in November 2024 (New York time). */
const SALES: Sale[] = Array.from({ length: 1680 }, (_, i) => ({
  t: new Date(ms('2023-01-01T00:00:00Z') + i * 13 * HOUR),
  amount: 10 + ((i * 7) % 23) + i * 0.01,
  region: REGIONS[i % 3],
})).filter((s) => !(s.t >= new Date('2024-11-01T04:00:00Z') && s.t < new Date('2024-12-01T05:00:00Z')));

const LAST_SALE = SALES[SALES.length - 1].t;

function sum(from: string, to: string, region?: string): number {
  return inWindow(SALES, 't', ms(from), ms(to))
    .filter((s) => region === undefined || s.region === region)
    .reduce((a, s) => a + s.amount, 0);
}

function avg(from: string, to: string): number | null {
  const rows = inWindow(SALES, 't', ms(from), ms(to));
  return rows.length === 0 ? null : rows.reduce((a, s) => a + s.amount, 0) / rows.length;
}

/** docs/catalog.md: Comparison period, Growth KPIs growth by hand. */
const growth = (v: number | null, p: number | null) =>
  v === null || p === null || p === 0 ? null : (100 * (v - p)) / Math.abs(p);

const NY = `
apiVersion: openkpi/v1
name: growth
timezone: America/New_York
sources:
  sales: { table: sales, time: t, dimensions: [region], freshness: 1d }
kpis:
  - id: revenue_30d_yoy
    name: Revenue, last 30 days, vs a year earlier
    source: sales
    window: 30d
    measure: { aggregate: sum, expression: amount }
    compare: year
  - id: revenue_month_yoy
    name: Revenue this month, vs the same month last year
    source: sales
    window: month
    measure: { aggregate: sum, expression: amount }
    compare: year
  - id: revenue_month
    name: Revenue this month
    source: sales
    window: month
    measure: { aggregate: sum, expression: amount }
  - id: avg_ticket
    name: Average sale this month
    source: sales
    window: month
    measure: { aggregate: avg, expression: amount }
  - id: revenue_yoy_growth
    name: Revenue growth year over year
    unit: percent
    measure: { growth: { kpi: revenue_month_yoy } }
    target: 25
  - id: revenue_mom_growth
    name: Revenue growth month over month
    unit: percent
    measure: { growth: { kpi: revenue_month } }
    thresholds: { critical: -10 }
  - id: avg_ticket_growth
    name: Average sale growth
    measure: { growth: { kpi: avg_ticket } }
  - id: revenue_30d_growth
    name: Revenue growth, 30 days vs a year earlier
    measure: { growth: { kpi: revenue_30d_yoy } }
`;

const UTC = `
apiVersion: openkpi/v1
name: leap
sources:
  sales: { table: sales, time: t }
kpis:
  - id: day_yoy
    name: Revenue today vs a year earlier
    source: sales
    window: day
    measure: { aggregate: sum, expression: amount }
    compare: year
  - id: month_yoy
    name: Revenue this month vs a year earlier
    source: sales
    window: month
    measure: { aggregate: sum, expression: amount }
    compare: year
  - id: rolling_yoy
    name: Revenue in 24 h vs a year earlier
    source: sales
    window: 1d
    measure: { aggregate: sum, expression: amount }
    compare: year
`;

let db: TestDatabase;
let ny: Catalog;
let utc: Catalog;

beforeAll(async () => {
  db = await createTestDatabase();
  await createTable(db, 'sales', { t: 'timestamptz', amount: 'double precision', region: 'text' }, SALES);
  ny = catalogOf(NY);
  utc = catalogOf(UTC);
});

afterAll(async () => {
  await db.drop();
});

async function evalAt(catalog: Catalog, id: string, at: string): Promise<KpiEvaluation> {
  return (await evaluateKpis(catalog, { kpiIds: [id], at: instant(at) }, pgRunner(db))).kpis[0];
}

interface CompareCase {
  label: string;
  catalog: 'ny' | 'utc';
  kpi: string;
  at: string;
  current: [string, string];
  previous: [string, string];
}

const COMPARE: CompareCase[] = [
  {
    label: 'rolling 30d across the New York DST change (2025: Mar 9; 2024: Mar 10)',
    catalog: 'ny',
    kpi: 'revenue_30d_yoy',
    at: '2025-03-09T12:00:00Z', // 08:00 EDT; a year earlier 08:00 EST = 13:00Z
    current: ['2025-02-07T12:00:00Z', '2025-03-09T12:00:00Z'],
    previous: ['2024-02-07T12:00:00Z', '2024-03-09T13:00:00Z'],
  },
  {
    label: 'calendar month to date, New York',
    catalog: 'ny',
    kpi: 'revenue_month_yoy',
    at: '2025-03-15T16:00:00Z', // 12:00 EDT; 2024-03-15 12:00 EDT too
    current: ['2025-03-01T05:00:00Z', '2025-03-15T16:00:00Z'],
    previous: ['2024-03-01T05:00:00Z', '2024-03-15T16:00:00Z'],
  },
  {
    label: 'complete month, New York',
    catalog: 'ny',
    kpi: 'revenue_month_yoy',
    at: '2025-02-01T05:00:00Z',
    current: ['2025-01-01T05:00:00Z', '2025-02-01T05:00:00Z'],
    previous: ['2024-01-01T05:00:00Z', '2024-02-01T05:00:00Z'],
  },
  {
    label: 'day to date on February 29 → February 28',
    catalog: 'utc',
    kpi: 'day_yoy',
    at: '2024-02-29T18:00:00Z',
    current: ['2024-02-29T00:00:00Z', '2024-02-29T18:00:00Z'],
    previous: ['2023-02-28T00:00:00Z', '2023-02-28T18:00:00Z'],
  },
  {
    label: 'complete February 29: a 24-hour day compares with February 28',
    catalog: 'utc',
    kpi: 'day_yoy',
    at: '2024-03-01T00:00:00Z',
    current: ['2024-02-29T00:00:00Z', '2024-03-01T00:00:00Z'],
    previous: ['2023-02-28T00:00:00Z', '2023-03-01T00:00:00Z'],
  },
  {
    label: 'complete February 28, 2025: a year earlier spans February 28 and 29',
    catalog: 'utc',
    kpi: 'day_yoy',
    at: '2025-03-01T00:00:00Z',
    current: ['2025-02-28T00:00:00Z', '2025-03-01T00:00:00Z'],
    previous: ['2024-02-28T00:00:00Z', '2024-03-01T00:00:00Z'],
  },
  {
    label: 'complete leap February',
    catalog: 'utc',
    kpi: 'month_yoy',
    at: '2024-03-01T00:00:00Z',
    current: ['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
    previous: ['2023-02-01T00:00:00Z', '2023-03-01T00:00:00Z'],
  },
  {
    label: 'rolling 1d starting on February 29',
    catalog: 'utc',
    kpi: 'rolling_yoy',
    at: '2024-03-01T06:00:00Z',
    current: ['2024-02-29T06:00:00Z', '2024-03-01T06:00:00Z'],
    previous: ['2023-02-28T06:00:00Z', '2023-03-01T06:00:00Z'],
  },
];

describe('compare: year', () => {
  it.each(COMPARE)('$label', async (c) => {
    const k = await evalAt(c.catalog === 'ny' ? ny : utc, c.kpi, c.at);
    expect(k.window).toEqual({ from: isoOf(c.current[0]), to: isoOf(c.current[1]) });
    expect(k.previousWindow).toEqual({ from: isoOf(c.previous[0]), to: isoOf(c.previous[1]) });
    const value = sum(...c.current);
    const previous = sum(...c.previous);
    expect(previous).toBeGreaterThan(0); // else changePercent is null and the case proves less
    expect(k.value).toBeCloseTo(value, 6);
    expect(k.previous).toBeCloseTo(previous, 6);
    expect(k.change).toBeCloseTo(value - previous, 6);
    expect(k.changePercent).toBeCloseTo((100 * (value - previous)) / Math.abs(previous), 6);
  });
});

describe('growth KPIs', () => {
  it('year over year at mid-March: value, and previous one year earlier still', async () => {
    const k = await evalAt(ny, 'revenue_yoy_growth', '2025-03-15T16:00:00Z');
    const value = growth(
      sum('2025-03-01T05:00:00Z', '2025-03-15T16:00:00Z'),
      sum('2024-03-01T05:00:00Z', '2024-03-15T16:00:00Z')
    );
    // Its previous: the growth at 2024-03-15T16:00Z (12:00 EDT), against 2023-03-15 12:00 EDT = 16:00Z.
    const previous = growth(
      sum('2024-03-01T05:00:00Z', '2024-03-15T16:00:00Z'),
      sum('2023-03-01T05:00:00Z', '2023-03-15T16:00:00Z')
    );
    expect(k.value).toBeCloseTo(value!, 9);
    expect(k.previous).toBeCloseTo(previous!, 9);
    expect(k.target).toBe(25);
    expect(k.attainment).toBeCloseTo((100 * value!) / 25, 9);
    expect(k.status).toBe(value! < 25 ? 'warning' : 'ok');
    // Window from the named KPI.
    expect(k.window).toEqual({ from: '2025-03-01T05:00:00.000Z', to: '2025-03-15T16:00:00.000Z' });
  });

  it('month over month to date: previous is the growth at the previous window end', async () => {
    const k = await evalAt(ny, 'revenue_mom_growth', '2025-03-15T16:00:00Z');
    // Elapsed since 2025-03-01T05:00Z: 14 d 11 h; the previous window ends that long after Feb 1 05:00Z.
    const value = growth(
      sum('2025-03-01T05:00:00Z', '2025-03-15T16:00:00Z'),
      sum('2025-02-01T05:00:00Z', '2025-02-15T16:00:00Z')
    );
    const previous = growth(
      sum('2025-02-01T05:00:00Z', '2025-02-15T16:00:00Z'),
      sum('2025-01-01T05:00:00Z', '2025-01-15T16:00:00Z')
    );
    expect(k.value).toBeCloseTo(value!, 9);
    expect(k.previous).toBeCloseTo(previous!, 9);
    expect(k.change).toBeCloseTo(value! - previous!, 9);
    expect(k.status).toBe(value! < -10 ? 'critical' : 'ok');
  });

  it('is null when the previous is 0 (no sales in November), and no_data', async () => {
    const k = await evalAt(ny, 'revenue_mom_growth', '2024-12-15T17:00:00Z');
    expect(sum('2024-11-01T04:00:00Z', '2024-11-15T17:00:00Z')).toBe(0);
    expect(k.value).toBeNull();
    expect(k.status).toBe('no_data');
  });

  it('falls 100 % into an empty month, and has a null growth to compare with after it', async () => {
    const nov = await evalAt(ny, 'revenue_mom_growth', '2024-12-01T05:00:00Z');
    expect(nov.value).toBeCloseTo(-100, 9);
    expect(nov.status).toBe('critical');
    const dec = await evalAt(ny, 'revenue_mom_growth', '2025-01-01T05:00:00Z');
    expect(dec.value).toBeNull(); // December against an empty November
    expect(dec.previous).toBeCloseTo(-100, 9);
  });

  it('is null when the previous is null (an average over no rows)', async () => {
    const k = await evalAt(ny, 'avg_ticket_growth', '2024-12-15T17:00:00Z');
    expect(avg('2024-11-01T04:00:00Z', '2024-11-15T17:00:00Z')).toBeNull();
    expect(k.value).toBeNull();
    const ok = await evalAt(ny, 'avg_ticket_growth', '2025-02-01T05:00:00Z');
    expect(ok.value).toBeCloseTo(
      growth(avg('2025-01-01T05:00:00Z', '2025-02-01T05:00:00Z'), avg('2024-12-01T05:00:00Z', '2025-01-01T05:00:00Z'))!,
      9
    );
  });

  it('takes lastDataAt and staleness from the named KPI', async () => {
    const k = await evalAt(ny, 'revenue_30d_growth', '2025-08-01T00:00:00Z');
    expect(k.lastDataAt).toBe(LAST_SALE.toISOString());
    expect(k.stale).toBe(true);
    const fresh = await evalAt(ny, 'revenue_30d_growth', new Date(LAST_SALE.getTime() + HOUR).toISOString());
    expect(fresh.stale).toBe(false);
  });

  it('evaluates in series, trend mode: the growth at each month end', async () => {
    const series = await evaluateSeries(
      ny,
      {
        kpiId: 'revenue_mom_growth',
        from: new Date('2025-01-01T05:00:00Z'),
        to: new Date('2025-04-01T04:00:00Z'),
        step: { kind: 'calendar', unit: 'month', text: 'month' },
        mode: 'trend',
      },
      pgRunner(db)
    );
    const starts = [
      '2024-12-01T05:00:00Z',
      '2025-01-01T05:00:00Z',
      '2025-02-01T05:00:00Z',
      '2025-03-01T05:00:00Z',
      '2025-04-01T04:00:00Z',
    ];
    expect(series.points.map((p) => p.time)).toEqual(starts.slice(2).map(isoOf));
    series.points.forEach((p, i) => {
      const expected = growth(sum(starts[i + 1], starts[i + 2]), sum(starts[i], starts[i + 1]));
      expect(p.value).toBeCloseTo(expected!, 9);
    });
  });

  it('evaluates in series, buckets mode: each month against the month before, or a year earlier', async () => {
    const request = {
      from: new Date('2025-01-01T05:00:00Z'),
      to: new Date('2025-03-01T05:00:00Z'),
      step: { kind: 'calendar' as const, unit: 'month' as const, text: 'month' },
      mode: 'buckets' as const,
    };
    const mom = await evaluateSeries(ny, { ...request, kpiId: 'revenue_mom_growth' }, pgRunner(db));
    const yoy = await evaluateSeries(ny, { ...request, kpiId: 'revenue_yoy_growth' }, pgRunner(db));
    expect(mom.points.map((p) => p.time)).toEqual(['2025-01-01T05:00:00.000Z', '2025-02-01T05:00:00.000Z']);
    expect(mom.points[0].value).toBeCloseTo(
      growth(sum('2025-01-01T05:00:00Z', '2025-02-01T05:00:00Z'), sum('2024-12-01T05:00:00Z', '2025-01-01T05:00:00Z'))!,
      9
    );
    expect(mom.points[1].value).toBeCloseTo(
      growth(sum('2025-02-01T05:00:00Z', '2025-03-01T05:00:00Z'), sum('2025-01-01T05:00:00Z', '2025-02-01T05:00:00Z'))!,
      9
    );
    expect(yoy.points[1].value).toBeCloseTo(
      growth(sum('2025-02-01T05:00:00Z', '2025-03-01T05:00:00Z'), sum('2024-02-01T05:00:00Z', '2024-03-01T05:00:00Z'))!,
      9
    );
  });

  it('breaks down by a dimension of the named KPI', async () => {
    const result = await evaluateBreakdown(
      ny,
      { kpiId: 'revenue_yoy_growth', by: 'region', at: instant('2025-03-15T16:00:00Z') },
      pgRunner(db)
    );
    expect(result.rows.map((r) => r.key)).toEqual(REGIONS);
    for (const row of result.rows) {
      const expected = growth(
        sum('2025-03-01T05:00:00Z', '2025-03-15T16:00:00Z', row.key!),
        sum('2024-03-01T05:00:00Z', '2024-03-15T16:00:00Z', row.key!)
      );
      expect(row.value).toBeCloseTo(expected!, 9);
    }
  });

  it('sanity: the data has a year of history before every case', () => {
    expect(SALES[0].t.getTime()).toBeLessThan(ms('2023-02-01T00:00:00Z') - DAY);
  });
});
