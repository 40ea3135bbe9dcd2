/** @jest-environment node */
/**
 * docs/catalog.md: Pace pace against real PostgreSQL: elapsedShare over absolute durations (DST days of 23
 * and 25 hours, a month with a DST change, a quarter), projected = value / elapsedShare (exactly
 * value at the period end), expectedToDate = target × elapsedShare, the status judged on the
 * projection, `pending` before `after` (at its boundary), both directions, attainment on the
 * to-date value. Period bounds are written out by hand in UTC; counts and sums are filtered in
 * JavaScript from the inserted rows.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { evaluateSeries } from '../../src/core/evaluation/series';
import type { Status } from '../../src/core/rules/status';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, HOUR, inWindow, ms, pgRunner, Row } from '../support/fixtures';

interface Deploy extends Row {
  t: Date;
  n: number;
}

/** A deployment every 7 h from 2025-02-01 to 2025-11-30, with an irregular size. */
const DEPLOYS: Deploy[] = Array.from({ length: 1000 }, (_, i) => ({
  t: new Date(ms('2025-02-01T00:30:00Z') + i * 7 * HOUR),
  n: (i * 13) % 9,
}));

const count = (from: number, to: number) => inWindow(DEPLOYS, 't', from, to).length;
const sum = (from: number, to: number) => inWindow(DEPLOYS, 't', from, to).reduce((a, r) => a + r.n, 0);

const catalogText = (zone: string) => `
apiVersion: openkpi/v1
name: pace
timezone: ${zone}
sources:
  deploys: { table: deploys, time: t }
kpis:
  - id: deploys_month
    name: Deployments this month
    source: deploys
    window: month
    measure: { aggregate: count }
    target: 100
    thresholds: { warning: 100, critical: 80 }
    pace: {}
  - id: size_month
    name: Deployed size this month
    source: deploys
    window: month
    measure: { aggregate: sum, expression: n }
    target: 350
    pace: { after: 0.1 }
  - id: deploys_quarter
    name: Deployments this quarter
    source: deploys
    window: quarter
    measure: { aggregate: count }
    target: 300
    thresholds: { warning: 300, critical: 250 }
    pace: { after: 0.25 }
  - id: deploys_day
    name: Deployments today
    source: deploys
    window: day
    measure: { aggregate: count }
    target: 4
    thresholds: { warning: 4, critical: 3 }
    pace: { after: 0 }
  - id: interventions_month
    name: Manual interventions this month
    source: deploys
    filter: "n >= 7"
    window: month
    measure: { aggregate: count }
    direction: lower
    target: 20
    thresholds: { warning: 20, critical: 25 }
    pace: { after: 0.2 }
  - id: deploys_month_unpaced
    name: Deployments this month, judged to date
    source: deploys
    window: month
    measure: { aggregate: count }
    target: 100
    thresholds: { warning: 100, critical: 80 }
`;

let db: TestDatabase;
let berlin: Catalog;
let utc: Catalog;

beforeAll(async () => {
  db = await createTestDatabase();
  await createTable(db, 'deploys', { t: 'timestamptz', n: 'double precision' }, DEPLOYS);
  berlin = catalogOf(catalogText('Europe/Berlin'));
  utc = catalogOf(catalogText('UTC'));
});

afterAll(async () => {
  await db.drop();
});

async function evalAt(catalog: Catalog, id: string, at: string): Promise<KpiEvaluation> {
  const result = await evaluateKpis(catalog, { kpiIds: [id], at: instant(at) }, pgRunner(db));
  return result.kpis[0];
}

/** docs/catalog.md status of a figure by hand. */
function thresholdStatus(v: number, dir: 'higher' | 'lower', warning: number, critical?: number): Status {
  const worse = (x: number, t: number) => (dir === 'higher' ? x < t : x > t);
  if (critical !== undefined && worse(v, critical)) {
    return 'critical';
  }
  return worse(v, warning) ? 'warning' : 'ok';
}

interface PaceCase {
  label: string;
  kpi: string;
  at: string;
  /** The period of the calendar window, by hand in UTC. */
  period: [string, string];
  measure: 'count' | 'sum';
  target: number;
  after: number;
  direction: 'higher' | 'lower';
  warning: number;
  critical?: number;
  filter?: (d: Deploy) => boolean;
}

const month = (
  label: string,
  at: string,
  period: [string, string]
): Pick<PaceCase, 'label' | 'at' | 'period' | 'kpi' | 'measure' | 'target' | 'after' | 'direction'> & {
  warning: number;
  critical: number;
} => ({
  label,
  at,
  period,
  kpi: 'deploys_month',
  measure: 'count',
  target: 100,
  after: 0.2,
  direction: 'higher',
  warning: 100,
  critical: 80,
});

// Europe/Berlin: March 2025 starts 2025-02-28T23:00Z (CET) and ends 2025-03-31T22:00Z (CEST): 743 hours.
const MARCH: [string, string] = ['2025-02-28T23:00:00Z', '2025-03-31T22:00:00Z'];
const CASES: PaceCase[] = [
  month('start of the month (pending)', '2025-03-01T05:00:00Z', MARCH),
  month('just before after = 0.2 of a 743-hour month', '2025-03-07T03:00:00Z', MARCH),
  month('middle of the month', '2025-03-15T23:00:00Z', MARCH),
  month('after the DST change, near the end', '2025-03-31T12:00:00Z', MARCH),
  month('end of the month: the complete period', '2025-03-31T22:00:00Z', MARCH),
  month('middle of June (30 days, no DST change)', '2025-06-16T10:00:00Z', [
    '2025-05-31T22:00:00Z',
    '2025-06-30T22:00:00Z',
  ]),
  {
    ...month('sum measure, middle of April', '2025-04-12T00:00:00Z', ['2025-03-31T22:00:00Z', '2025-04-30T22:00:00Z']),
    kpi: 'size_month',
    measure: 'sum',
    target: 350,
    after: 0.1,
    warning: 350,
    critical: undefined,
  },
  {
    ...month('quarter, start (pending)', '2025-04-10T00:00:00Z', ['2025-03-31T22:00:00Z', '2025-06-30T22:00:00Z']),
    kpi: 'deploys_quarter',
    target: 300,
    after: 0.25,
    warning: 300,
    critical: 250,
  },
  {
    ...month('quarter, middle', '2025-05-15T22:00:00Z', ['2025-03-31T22:00:00Z', '2025-06-30T22:00:00Z']),
    kpi: 'deploys_quarter',
    target: 300,
    after: 0.25,
    warning: 300,
    critical: 250,
  },
  {
    ...month('quarter, end', '2025-09-30T22:00:00Z', ['2025-06-30T22:00:00Z', '2025-09-30T22:00:00Z']),
    kpi: 'deploys_quarter',
    target: 300,
    after: 0.25,
    warning: 300,
    critical: 250,
  },
  {
    ...month('23-hour spring-forward day', '2025-03-30T10:00:00Z', ['2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z']),
    kpi: 'deploys_day',
    target: 4,
    after: 0,
    warning: 4,
    critical: 3,
  },
  {
    ...month('25-hour fall-back day', '2025-10-26T12:00:00Z', ['2025-10-25T22:00:00Z', '2025-10-26T23:00:00Z']),
    kpi: 'deploys_day',
    target: 4,
    after: 0,
    warning: 4,
    critical: 3,
  },
  {
    ...month('lower is better, middle of May', '2025-05-14T22:00:00Z', [
      '2025-04-30T22:00:00Z',
      '2025-05-31T22:00:00Z',
    ]),
    kpi: 'interventions_month',
    direction: 'lower',
    target: 20,
    warning: 20,
    critical: 25,
    filter: (d) => d.n >= 7,
  },
  {
    ...month('lower is better, early May', '2025-05-08T22:00:00Z', ['2025-04-30T22:00:00Z', '2025-05-31T22:00:00Z']),
    kpi: 'interventions_month',
    direction: 'lower',
    target: 20,
    warning: 20,
    critical: 25,
    filter: (d) => d.n >= 7,
  },
];

describe('pace in Europe/Berlin', () => {
  it.each(CASES)('$label ($kpi at $at)', async (c) => {
    const [from, end] = c.period.map(ms);
    const at = ms(c.at);
    const rows = inWindow(DEPLOYS, 't', from, at).filter(c.filter ?? (() => true));
    const value = c.measure === 'count' ? rows.length : rows.reduce((a, r) => a + r.n, 0);
    const share = (at - from) / (end - from);
    const projected = share === 1 ? value : value / share;
    const expectedStatus: Status =
      share < c.after ? 'pending' : thresholdStatus(projected, c.direction, c.warning, c.critical);

    const k = await evalAt(berlin, c.kpi, c.at);
    expect(k.window).toEqual({ from: new Date(from).toISOString(), to: new Date(at).toISOString() });
    expect(k.value).toBe(value);
    expect(k.elapsedShare).toBeCloseTo(share, 12);
    expect(k.projected).toBeCloseTo(projected, 9);
    expect(k.expectedToDate).toBeCloseTo(c.target * share, 9);
    expect(k.attainment).toBeCloseTo((100 * value) / c.target, 9);
    expect(k.status).toBe(expectedStatus);
  });

  it('covers every status the cases mean to exercise', () => {
    // Guards the data: if the rows change so that every case is ok, the table above proves little.
    const statuses = CASES.map((c) => {
      const [from, end] = c.period.map(ms);
      const at = ms(c.at);
      const rows = inWindow(DEPLOYS, 't', from, at).filter(c.filter ?? (() => true));
      const value = c.measure === 'count' ? rows.length : rows.reduce((a, r) => a + r.n, 0);
      const share = (at - from) / (end - from);
      return share < c.after ? 'pending' : thresholdStatus(value / share, c.direction, c.warning, c.critical);
    });
    expect(new Set(statuses)).toEqual(new Set(['pending', 'ok', 'warning', 'critical']));
  });

  it('reports exactly the to-date value as the projection of a complete period', async () => {
    const k = await evalAt(berlin, 'deploys_month', '2025-03-31T22:00:00Z');
    expect(k.elapsedShare).toBe(1);
    expect(k.projected).toBe(k.value);
    expect(k.value).toBe(count(ms(MARCH[0]), ms(MARCH[1])));
  });

  it('judges the projection, where the to-date value alone would be critical', async () => {
    const at = '2025-03-15T23:00:00Z';
    const paced = await evalAt(berlin, 'deploys_month', at);
    const unpaced = await evalAt(berlin, 'deploys_month_unpaced', at);
    expect(unpaced.value).toBe(paced.value);
    expect(unpaced.status).toBe('critical'); // 52 of 100 halfway through the month
    expect(paced.status).toBe(thresholdStatus(paced.projected!, 'higher', 100, 80));
    expect(paced.status).not.toBe('critical');
    // No pace fields on a KPI without pace.
    expect(unpaced.elapsedShare).toBeUndefined();
    expect(unpaced.projected).toBeUndefined();
  });
});

describe('the after guard at its boundary (UTC day, after = 0.5)', () => {
  let half: Catalog;
  beforeAll(() => {
    half = catalogOf(`
apiVersion: openkpi/v1
name: half
sources:
  deploys: { table: deploys, time: t }
kpis:
  - id: deploys_day
    name: Deployments today
    source: deploys
    window: day
    measure: { aggregate: count }
    target: 3
    thresholds: { critical: 3 }
    pace: { after: 0.5 }
`);
  });

  it.each([
    ['one millisecond before half the day: pending', '2025-06-10T11:59:59.999Z', 'pending'],
    ['exactly half the day: judged', '2025-06-10T12:00:00.000Z', 'judged'],
    ['after half the day: judged', '2025-06-10T12:00:00.001Z', 'judged'],
  ])('%s', async (_label, at, expected) => {
    const k = await evalAt(half, 'deploys_day', at);
    const from = ms('2025-06-10T00:00:00Z');
    const share = (ms(at) - from) / (24 * HOUR);
    const value = count(from, ms(at));
    expect(k.elapsedShare).toBeCloseTo(share, 12);
    expect(k.status).toBe(expected === 'pending' ? 'pending' : value / share < 3 ? 'critical' : 'ok');
    if (expected === 'judged') {
      expect(k.status).not.toBe('pending');
    }
  });
});

describe('pace in UTC', () => {
  it('counts a whole February of 28 days', async () => {
    const at = '2025-02-15T00:00:00Z';
    const k = await evalAt(utc, 'deploys_month', at);
    const from = ms('2025-02-01T00:00:00Z');
    expect(k.elapsedShare).toBeCloseTo(14 / 28, 12);
    expect(k.projected).toBeCloseTo(count(from, ms(at)) / 0.5, 9);
    expect(k.expectedToDate).toBeCloseTo(50, 9);
  });

  it('draws the cumulative value against the expected-to-date line in a trend series', async () => {
    const series = await evaluateSeries(
      utc,
      {
        kpiId: 'size_month',
        from: new Date('2025-04-01T00:00:00Z'),
        to: new Date('2025-04-05T00:00:00Z'),
        step: { kind: 'calendar', unit: 'day', text: 'day' },
        mode: 'trend',
      },
      pgRunner(db)
    );
    const from = ms('2025-04-01T00:00:00Z');
    expect(series.points.map((p) => p.time)).toEqual([
      '2025-04-02T00:00:00.000Z',
      '2025-04-03T00:00:00.000Z',
      '2025-04-04T00:00:00.000Z',
      '2025-04-05T00:00:00.000Z',
    ]);
    series.points.forEach((p, i) => {
      expect(p.value).toBe(sum(from, ms(p.time)));
      expect(p.expectedToDate).toBeCloseTo((350 * (i + 1)) / 30, 9);
    });
  });
});
