/** @jest-environment node */
/**
 * Series (docs/cli.md, `openkpi series`: buckets and trend modes, rolling and calendar steps aligned in the catalog
 * zone) and breakdown (per value of a declared dimension, key ascending, null key last), and
 * dimension filters with hostile values, against real PostgreSQL. Bucket bounds are written
 * out by hand in UTC; values are counted over the inserted rows.
 */
import { parseWindow } from '../../src/core/catalog/duration';
import { Catalog, WindowSpec } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateBreakdown } from '../../src/core/evaluation/breakdown';
import { DimensionFilter, evaluateKpis } from '../../src/core/evaluation/evaluate';
import { evaluateSeries } from '../../src/core/evaluation/series';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, DAY, HOUR, isoOf, MINUTE, ms, pgRunner, Row } from '../support/fixtures';

interface Req extends Row {
  t: Date;
  team: string | null;
  agent: string;
}

const TEAMS = ['alpha', 'beta', 'gamma', null];
const AGENTS = ["O'Brien", 'Smith', 'we"ird', 'back\\slash'];

/** Sparse rows over 2023-12 … 2025-05 plus dense rows around 2025-03-10 and on bucket bounds. */
function buildRows(): Req[] {
  const times: number[] = [];
  for (let t = ms('2023-12-20T00:00:00Z'); t < ms('2025-05-10T00:00:00Z'); t += 7 * HOUR + 37 * MINUTE) {
    times.push(t);
  }
  for (let t = ms('2025-03-08T20:00:00Z'); t < ms('2025-03-10T05:00:00Z'); t += 13 * MINUTE) {
    times.push(t);
  }
  for (const b of [
    '2024-12-31T23:00:00Z',
    '2025-01-31T23:00:00Z',
    '2025-02-28T23:00:00Z',
    '2025-03-23T23:00:00Z',
    '2025-03-29T23:00:00Z',
    '2025-03-30T22:00:00Z',
    '2025-03-31T22:00:00Z',
    '2025-03-10T01:00:00Z',
    '2025-03-10T03:00:00Z',
  ]) {
    times.push(ms(b) - 1, ms(b));
  }
  return times.map((t, i) => ({ t: new Date(t), team: TEAMS[i % 4], agent: AGENTS[Math.floor(i / 3) % 4] }));
}

const ROWS = buildRows();

const count = (from: number, to: number, pred: (r: Req) => boolean = () => true) =>
  ROWS.filter((r) => r.t.getTime() >= from && r.t.getTime() < to && pred(r)).length;

const rate = (from: number, to: number, pred: (r: Req) => boolean = () => true) => {
  const den = count(from, to, pred);
  return den === 0 ? null : (100 * count(from, to, (r) => pred(r) && r.team === 'alpha')) / den;
};

const YAML = `apiVersion: openkpi/v1
name: spec-series
timezone: Europe/Berlin
sources:
  req:
    table: app.requests
    time: t
    dimensions: [team, agent]
kpis:
  - {id: req_count, name: Requests, source: req, window: 1d, measure: {aggregate: count}}
  - {id: req_month, name: Requests this month, source: req, window: month, measure: {aggregate: count}}
  - id: alpha_rate
    name: Alpha share
    source: req
    window: 7d
    measure:
      ratio:
        numerator: {aggregate: count, filter: "team = 'alpha'"}
        denominator: {aggregate: count}
      scale: 100
`;

function step(text: string): WindowSpec {
  const w = parseWindow(text);
  if (!w) {
    throw new Error(`bad step in test: ${text}`);
  }
  return w;
}

interface SeriesCase {
  label: string;
  kpi: string;
  mode: 'trend' | 'buckets';
  step: string;
  from: string;
  to: string;
  /** Hand-written bucket starts s_k (UTC) and the end of the last bucket. */
  starts: string[];
  lastEnd: string;
  /** The expected value of bucket [s, e) reported at s (buckets) or of the KPI at e (trend). */
  value: (s: number, e: number) => number | null;
}

const SERIES: SeriesCase[] = [
  {
    label: 'rolling 1h buckets; the last bucket runs past `to`',
    kpi: 'req_count',
    mode: 'buckets',
    step: '1h',
    from: '2025-03-10T00:00:00Z',
    to: '2025-03-10T03:30:00Z',
    starts: ['2025-03-10T00:00:00Z', '2025-03-10T01:00:00Z', '2025-03-10T02:00:00Z', '2025-03-10T03:00:00Z'],
    lastEnd: '2025-03-10T04:00:00Z',
    value: (s, e) => count(s, e),
  },
  {
    label: 'rolling 1h trend: the 1d window at each bucket end',
    kpi: 'req_count',
    mode: 'trend',
    step: '1h',
    from: '2025-03-10T00:00:00Z',
    to: '2025-03-10T03:00:00Z',
    starts: ['2025-03-10T00:00:00Z', '2025-03-10T01:00:00Z', '2025-03-10T02:00:00Z'],
    lastEnd: '2025-03-10T03:00:00Z',
    value: (_s, e) => count(e - DAY, e),
  },
  {
    label: 'rolling 1d buckets of a ratio (window ignored)',
    kpi: 'alpha_rate',
    mode: 'buckets',
    step: '1d',
    from: '2025-03-07T00:00:00Z',
    to: '2025-03-11T00:00:00Z',
    starts: ['2025-03-07T00:00:00Z', '2025-03-08T00:00:00Z', '2025-03-09T00:00:00Z', '2025-03-10T00:00:00Z'],
    lastEnd: '2025-03-11T00:00:00Z',
    value: (s, e) => rate(s, e),
  },
  {
    label: 'rolling 1d trend of a ratio (its 7d window at each end)',
    kpi: 'alpha_rate',
    mode: 'trend',
    step: '1d',
    from: '2025-03-07T00:00:00Z',
    to: '2025-03-10T00:00:00Z',
    starts: ['2025-03-07T00:00:00Z', '2025-03-08T00:00:00Z', '2025-03-09T00:00:00Z'],
    lastEnd: '2025-03-10T00:00:00Z',
    value: (_s, e) => rate(e - 7 * DAY, e),
  },
  {
    label: 'calendar month buckets in Europe/Berlin, first bucket = month containing `from`',
    kpi: 'req_count',
    mode: 'buckets',
    step: 'month',
    from: '2025-01-15T00:00:00Z',
    to: '2025-04-10T00:00:00Z',
    starts: ['2024-12-31T23:00:00Z', '2025-01-31T23:00:00Z', '2025-02-28T23:00:00Z', '2025-03-31T22:00:00Z'],
    lastEnd: '2025-04-30T22:00:00Z',
    value: (s, e) => count(s, e),
  },
  {
    label: 'calendar month trend of a month KPI = the whole month, reported at its end',
    kpi: 'req_month',
    mode: 'trend',
    step: 'month',
    from: '2025-01-15T00:00:00Z',
    to: '2025-03-31T21:00:00Z',
    starts: ['2024-12-31T23:00:00Z', '2025-01-31T23:00:00Z', '2025-02-28T23:00:00Z'],
    lastEnd: '2025-03-31T22:00:00Z',
    value: (s, e) => count(s, e),
  },
  {
    label: 'calendar week buckets (ISO Monday, Berlin, across the DST change)',
    kpi: 'req_count',
    mode: 'buckets',
    step: 'week',
    from: '2025-03-26T12:00:00Z',
    to: '2025-04-08T00:00:00Z',
    starts: ['2025-03-23T23:00:00Z', '2025-03-30T22:00:00Z', '2025-04-06T22:00:00Z'],
    lastEnd: '2025-04-13T22:00:00Z',
    value: (s, e) => count(s, e),
  },
  {
    label: 'calendar day buckets over the 23 h day 2025-03-30 (Berlin)',
    kpi: 'req_count',
    mode: 'buckets',
    step: 'day',
    from: '2025-03-29T12:00:00Z',
    to: '2025-03-31T00:00:00Z',
    starts: ['2025-03-28T23:00:00Z', '2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z'],
    lastEnd: '2025-03-31T22:00:00Z',
    value: (s, e) => count(s, e),
  },
  {
    label: 'calendar quarter buckets (Berlin)',
    kpi: 'req_count',
    mode: 'buckets',
    step: 'quarter',
    from: '2025-02-10T00:00:00Z',
    to: '2025-07-01T00:00:00Z',
    starts: ['2024-12-31T23:00:00Z', '2025-03-31T22:00:00Z', '2025-06-30T22:00:00Z'],
    lastEnd: '2025-09-30T22:00:00Z',
    value: (s, e) => count(s, e),
  },
  {
    label: 'calendar year buckets (Berlin)',
    kpi: 'req_count',
    mode: 'buckets',
    step: 'year',
    from: '2024-06-01T00:00:00Z',
    to: '2025-01-01T00:00:00Z',
    starts: ['2023-12-31T23:00:00Z', '2024-12-31T23:00:00Z'],
    lastEnd: '2025-12-31T23:00:00Z',
    value: (s, e) => count(s, e),
  },
];

function expectedPoints(c: SeriesCase): Array<{ time: string; value: number | null }> {
  const bounds = [...c.starts, c.lastEnd].map(ms);
  return c.starts.map((_, k) => {
    const [s, e] = [bounds[k], bounds[k + 1]];
    return { time: isoOf(c.mode === 'buckets' ? s : e), value: c.value(s, e) };
  });
}

describe('Series, breakdown and dimension filters (docs/cli.md, docs/engine.md) (real PostgreSQL)', () => {
  let db: TestDatabase;
  let catalog: Catalog;

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTable(db, 'app.requests', { t: 'timestamptz', team: 'text', agent: 'text' }, ROWS);
    catalog = catalogOf(YAML);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(SERIES.map((c) => [c.label, c.mode, c.step, c] as const))(
    'series: %s (%s, step %s)',
    async (_l, mode, st, c) => {
      const res = await evaluateSeries(
        catalog,
        { kpiId: c.kpi, from: new Date(c.from), to: new Date(c.to), step: step(st), mode },
        pgRunner(db)
      );
      expect(res.kpi).toBe(c.kpi);
      expect(res.mode).toBe(mode);
      const expected = expectedPoints(c);
      expect(res.points.map((p) => p.time)).toEqual(expected.map((p) => p.time));
      res.points.forEach((p, k) => {
        if (expected[k].value === null) {
          expect(p.value).toBeNull();
        } else {
          expect(p.value).toBeCloseTo(expected[k].value!, 9);
        }
      });
    }
  );

  it('series with a dimension filter (a value with a quote matches literally)', async () => {
    const res = await evaluateSeries(
      catalog,
      {
        kpiId: 'req_count',
        from: new Date('2025-03-09T00:00:00Z'),
        to: new Date('2025-03-10T00:00:00Z'),
        step: step('day'),
        mode: 'buckets',
        filters: [{ dimension: 'agent', values: ["O'Brien"] }],
      },
      pgRunner(db)
    );
    // Berlin day containing 2025-03-09T00:00Z starts 2025-03-08T23:00Z; the next (2025-03-09T23:00Z) is < to
    const obrien = (r: Req) => r.agent === "O'Brien";
    const [s0, s1] = [ms('2025-03-08T23:00:00Z'), ms('2025-03-09T23:00:00Z')];
    expect(res.points).toEqual([
      { time: isoOf(s0), value: count(s0, s1, obrien), target: null },
      { time: isoOf(s1), value: count(s1, s1 + DAY, obrien), target: null },
    ]);
    expect(res.points[0].value).toBeGreaterThan(0);
  });

  const AT = '2025-03-10T04:00:00Z';
  const at = ms(AT);
  const sortedTeams = ['alpha', 'beta', 'gamma', null];

  it('breakdown by team: key ascending, null key last, values over the KPI window', async () => {
    const res = await evaluateBreakdown(catalog, { kpiId: 'req_count', by: 'team', at: instant(AT) }, pgRunner(db));
    expect(res).toEqual({
      kpi: 'req_count',
      by: 'team',
      rows: sortedTeams.map((key) => ({ key, value: count(at - DAY, at, (r) => r.team === key) })),
    });
  });

  it('breakdown of a ratio by agent (hostile keys come back verbatim)', async () => {
    const res = await evaluateBreakdown(catalog, { kpiId: 'alpha_rate', by: 'agent', at: instant(AT) }, pgRunner(db));
    // the order of these keys depends on the database collation (C vs linguistic): compare as sets
    const keys = ["O'Brien", 'Smith', 'back\\slash', 'we"ird'].filter(
      (a) => count(at - 7 * DAY, at, (r) => r.agent === a) > 0
    );
    expect(res.rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    for (const row of res.rows) {
      expect(row.value).toBeCloseTo(
        rate(at - 7 * DAY, at, (r) => r.agent === row.key)!,
        9
      );
    }
  });

  it('breakdown of a calendar-month KPI in the catalog zone, with a filter of two values', async () => {
    const atMonth = '2025-03-31T22:00:00Z'; // April 1st 00:00 in Berlin: the whole of March
    const filters: DimensionFilter[] = [{ dimension: 'agent', values: ["O'Brien", 'we"ird'] }];
    const res = await evaluateBreakdown(
      catalog,
      { kpiId: 'req_month', by: 'team', at: instant(atMonth), filters },
      pgRunner(db)
    );
    const [s, e] = [ms('2025-02-28T23:00:00Z'), ms(atMonth)];
    expect(res.rows).toEqual(
      sortedTeams.map((key) => ({
        key,
        value: count(s, e, (r) => r.team === key && (r.agent === "O'Brien" || r.agent === 'we"ird')),
      }))
    );
  });

  it.each([["O'Brien"], ['we"ird'], ['back\\slash'], ["' OR 1=1 --"]])(
    'evaluateKpis with filter agent = %s matches rows literally',
    async (agent) => {
      const res = await evaluateKpis(
        catalog,
        { kpiIds: ['req_count'], at: instant(AT), filters: [{ dimension: 'agent', values: [agent] }] },
        pgRunner(db)
      );
      expect(res.kpis[0].error).toBeUndefined();
      expect(res.kpis[0].value).toBe(count(at - DAY, at, (r) => r.agent === agent));
    }
  );

  it('the test data has rows for every agent and team in the 1d window', () => {
    for (const a of AGENTS) {
      expect(count(at - DAY, at, (r) => r.agent === a)).toBeGreaterThan(0);
    }
    for (const t of TEAMS) {
      expect(count(at - DAY, at, (r) => r.team === t)).toBeGreaterThan(0);
    }
  });
});
