/** @jest-environment node */
/**
 * docs/catalog.md: Minimum volume minimum volume against real PostgreSQL, and the precedence of states (docs/catalog.md, Minimum volume):
 * volume counts the rows in the current window passing the KPI filter and the measure's own
 * filter (a ratio's denominator's; a manual KPI's measurements); below minVolume the status is
 * `low_volume` while value, target and attainment are still reported; `no_data` beats
 * `low_volume`, which beats `pending`, which beats the threshold status. Expected volumes are
 * counted in JavaScript from the inserted rows.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createMeasurementTable, createTable, HOUR, inWindow, ms, pgRunner, Row } from '../support/fixtures';

interface Request extends Row {
  t: Date;
  status: string;
  kind: string;
  latency: number | null;
}

const STATUSES = ['ok', 'ok', 'failed', 'skipped', 'ok', 'ok', 'failed'];
/** One request every 3 h through June 2025; some are test traffic, some skipped. */
const REQUESTS: Request[] = Array.from({ length: 240 }, (_, i) => ({
  t: new Date(ms('2025-06-01T01:00:00Z') + i * 3 * HOUR),
  status: STATUSES[i % STATUSES.length],
  kind: i % 5 === 0 ? 'test' : 'real',
  latency: i % 11 === 0 ? null : 100 + ((i * 37) % 400),
}));

const CATALOG = `
apiVersion: openkpi/v1
name: volume
sources:
  requests: { table: requests, time: t }
kpis:
  - id: success_rate
    name: Success rate
    unit: percent
    source: requests
    filter: "kind = 'real'"
    window: 18h
    measure:
      ratio:
        numerator: { aggregate: count, filter: "status = 'ok'" }
        denominator: { aggregate: count, filter: "status <> 'skipped'" }
      scale: 100
    target: 90
    thresholds: { warning: 90, critical: 50 }
    minVolume: 4
  - id: ok_latency
    name: Latency of successful requests
    unit: ms
    source: requests
    filter: "kind = 'real'"
    window: 12h
    measure: { aggregate: avg, expression: latency, filter: "status = 'ok'" }
    direction: lower
    target: 200
    thresholds: { warning: 200, critical: 400 }
    minVolume: 2
  - id: survey_score
    name: Survey score
    source: manual
    window: 30d
    measure: { aggregate: avg, expression: value }
    target: 8
    minVolume: 3
  - id: requests_day
    name: Real requests today
    source: requests
    filter: "kind = 'real'"
    window: day
    measure: { aggregate: count }
    target: 8
    thresholds: { critical: 8 }
    pace: { after: 0.5 }
    minVolume: 2
`;

const SURVEY = [
  { kpi: 'survey_score', time: new Date('2025-06-02T10:00:00Z'), value: 7 },
  { kpi: 'survey_score', time: new Date('2025-06-10T10:00:00Z'), value: 9 },
  { kpi: 'survey_score', time: new Date('2025-06-20T10:00:00Z'), value: 6 },
  // another KPI's rows never count
  { kpi: 'other', time: new Date('2025-06-20T11:00:00Z'), value: 1 },
  { kpi: 'other', time: new Date('2025-06-20T12:00:00Z'), value: 1 },
];

let db: TestDatabase;
let catalog: Catalog;

beforeAll(async () => {
  db = await createTestDatabase();
  await createTable(
    db,
    'requests',
    { t: 'timestamptz', status: 'text', kind: 'text', latency: 'double precision' },
    REQUESTS
  );
  await createMeasurementTable(db, SURVEY);
  catalog = catalogOf(CATALOG);
});

afterAll(async () => {
  await db.drop();
});

async function evalAt(id: string, at: string): Promise<KpiEvaluation> {
  return (await evaluateKpis(catalog, { kpiIds: [id], at: instant(at) }, pgRunner(db))).kpis[0];
}

const real = (from: number, to: number) => inWindow(REQUESTS, 't', from, to).filter((r) => r.kind === 'real');

describe('volume of a ratio: rows passing the KPI filter and the denominator filter', () => {
  // Slide the 18 h window along the data so that volumes below, at and above 4 all occur.
  const instants = Array.from({ length: 24 }, (_, i) => new Date(ms('2025-06-03T00:00:00Z') + i * HOUR).toISOString());

  it.each(instants)('at %s', async (at) => {
    const rows = real(ms(at) - 18 * HOUR, ms(at)).filter((r) => r.status !== 'skipped');
    const volume = rows.length;
    const value = volume === 0 ? null : (100 * rows.filter((r) => r.status === 'ok').length) / volume;
    const k = await evalAt('success_rate', at);
    expect(k.volume).toBe(volume);
    if (value === null) {
      expect(k.value).toBeNull();
    } else {
      expect(k.value).toBeCloseTo(value, 9);
      expect(k.attainment).toBeCloseTo((100 * value) / 90, 9);
    }
    expect(k.target).toBe(90);
    const judged = value === null ? 'no_data' : value < 50 ? 'critical' : value < 90 ? 'warning' : 'ok';
    expect(k.status).toBe(value === null ? 'no_data' : volume < 4 ? 'low_volume' : judged);
  });

  it('exercises volumes below, at and above the minimum', () => {
    const volumes = instants.map((at) => real(ms(at) - 18 * HOUR, ms(at)).filter((r) => r.status !== 'skipped').length);
    expect(volumes.some((v) => v < 4)).toBe(true);
    expect(volumes).toContain(4);
    expect(volumes.some((v) => v > 4)).toBe(true);
  });
});

describe('volume of an aggregate with its own filter', () => {
  it.each([
    ['2025-06-05T00:00:00Z'],
    ['2025-06-05T06:00:00Z'],
    ['2025-06-07T13:00:00Z'],
    ['2025-06-09T02:00:00Z'],
    ['2025-06-11T19:00:00Z'],
  ])('at %s', async (at) => {
    const rows = real(ms(at) - 12 * HOUR, ms(at)).filter((r) => r.status === 'ok');
    const latencies = rows.map((r) => r.latency).filter((l): l is number => l !== null);
    const k = await evalAt('ok_latency', at);
    // Rows, not non-null values: a request with no latency recorded still counts.
    expect(k.volume).toBe(rows.length);
    const value = latencies.length === 0 ? null : latencies.reduce((a, b) => a + b, 0) / latencies.length;
    if (value === null) {
      expect(k.value).toBeNull();
      expect(k.status).toBe('no_data');
    } else {
      expect(k.value).toBeCloseTo(value, 9);
      const judged = value > 400 ? 'critical' : value > 200 ? 'warning' : 'ok';
      expect(k.status).toBe(rows.length < 2 ? 'low_volume' : judged);
    }
  });
});

describe('volume of a manual KPI: its own measurements in the window', () => {
  it.each([
    // 30 d window: [at − 30 d, at)
    ['2025-06-05T00:00:00Z', 1, 7, 'low_volume'],
    ['2025-06-15T00:00:00Z', 2, 8, 'low_volume'],
    ['2025-06-25T00:00:00Z', 3, 22 / 3, 'warning'],
    ['2025-07-01T00:00:00Z', 3, 22 / 3, 'warning'],
    ['2025-07-08T00:00:00Z', 2, 7.5, 'low_volume'],
  ])('at %s: %d measurements', async (at, volume, value, status) => {
    const k = await evalAt('survey_score', at);
    expect(k.volume).toBe(volume);
    expect(k.value).toBeCloseTo(value as number, 9);
    expect(k.target).toBe(8);
    expect(k.attainment).toBeCloseTo((100 * (value as number)) / 8, 9);
    expect(k.status).toBe(status);
  });
});

describe('precedence: no_data, then low_volume, then pending, then the threshold status', () => {
  it('no_data beats low_volume (no rows at all: value null, volume 0)', async () => {
    const k = await evalAt('success_rate', '2025-05-01T00:00:00Z');
    expect(k.value).toBeNull();
    expect(k.volume).toBe(0);
    expect(k.status).toBe('no_data');
  });

  it('low_volume beats pending (early in the day, one request so far)', async () => {
    // 2025-06-10: requests at 01:00, 04:00, …; real ones counted by hand below.
    const at = '2025-06-10T02:00:00Z';
    const volume = real(ms('2025-06-10T00:00:00Z'), ms(at)).length;
    expect(volume).toBe(1);
    const k = await evalAt('requests_day', at);
    expect(k.volume).toBe(1);
    expect(k.elapsedShare).toBeCloseTo(2 / 24, 12);
    expect(k.status).toBe('low_volume');
  });

  it('pending once the volume suffices, before `after`', async () => {
    const at = '2025-06-10T11:00:00Z';
    const volume = real(ms('2025-06-10T00:00:00Z'), ms(at)).length;
    expect(volume).toBeGreaterThanOrEqual(2);
    const k = await evalAt('requests_day', at);
    expect(k.volume).toBe(volume);
    expect(k.status).toBe('pending');
  });

  it('the threshold status of the projection after `after`', async () => {
    const at = '2025-06-10T18:00:00Z';
    const value = real(ms('2025-06-10T00:00:00Z'), ms(at)).length;
    const projected = value / (18 / 24);
    const k = await evalAt('requests_day', at);
    expect(k.projected).toBeCloseTo(projected, 9);
    expect(k.status).toBe(projected < 8 ? 'critical' : 'ok');
  });
});
