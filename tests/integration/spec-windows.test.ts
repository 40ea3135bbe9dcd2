/** @jest-environment node */
/**
 * Windows (docs/catalog.md) against real PostgreSQL: rolling `[at − N, at)`, calendar periods "to date"
 * and complete periods, previous windows (complete previous period, or the same elapsed duration
 * clipped to the previous period's end), DST days in America/New_York and Europe/Berlin,
 * month/quarter/year ends and a leap year. Every window below is written out by hand in UTC.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis } from '../../src/core/evaluation/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, HOUR, isoOf, ms, pgRunner, Row } from '../support/fixtures';

type Zone = 'UTC' | 'America/New_York' | 'Europe/Berlin';

interface WindowCase {
  label: string;
  zone: Zone;
  window: string;
  at: string;
  from: string;
  to: string;
  prevFrom: string;
  prevTo: string;
}

const c = (
  label: string,
  zone: Zone,
  window: string,
  at: string,
  [from, to]: [string, string],
  [prevFrom, prevTo]: [string, string]
): WindowCase => ({ label, zone, window, at, from, to, prevFrom, prevTo });

const CASES: WindowCase[] = [
  // rolling: absolute durations, [at − N, at), previous [at − 2N, at − N)
  c(
    '15m',
    'UTC',
    '15m',
    '2025-03-10T10:00:00Z',
    ['2025-03-10T09:45:00Z', '2025-03-10T10:00:00Z'],
    ['2025-03-10T09:30:00Z', '2025-03-10T09:45:00Z']
  ),
  c(
    '2h',
    'UTC',
    '2h',
    '2025-03-10T10:30:00Z',
    ['2025-03-10T08:30:00Z', '2025-03-10T10:30:00Z'],
    ['2025-03-10T06:30:00Z', '2025-03-10T08:30:00Z']
  ),
  c(
    '1d',
    'UTC',
    '1d',
    '2025-03-10T10:30:00Z',
    ['2025-03-09T10:30:00Z', '2025-03-10T10:30:00Z'],
    ['2025-03-08T10:30:00Z', '2025-03-09T10:30:00Z']
  ),
  c(
    '1w',
    'UTC',
    '1w',
    '2025-03-10T10:30:00Z',
    ['2025-03-03T10:30:00Z', '2025-03-10T10:30:00Z'],
    ['2025-02-24T10:30:00Z', '2025-03-03T10:30:00Z']
  ),
  c(
    '30d',
    'UTC',
    '30d',
    '2025-03-31T00:00:00Z',
    ['2025-03-01T00:00:00Z', '2025-03-31T00:00:00Z'],
    ['2025-01-30T00:00:00Z', '2025-03-01T00:00:00Z']
  ),
  c(
    '1d rolling across NY DST is 24 h',
    'America/New_York',
    '1d',
    '2025-03-10T04:00:00Z',
    ['2025-03-09T04:00:00Z', '2025-03-10T04:00:00Z'],
    ['2025-03-08T04:00:00Z', '2025-03-09T04:00:00Z']
  ),
  // calendar, UTC
  c(
    'day, complete',
    'UTC',
    'day',
    '2025-03-10T00:00:00Z',
    ['2025-03-09T00:00:00Z', '2025-03-10T00:00:00Z'],
    ['2025-03-08T00:00:00Z', '2025-03-09T00:00:00Z']
  ),
  c(
    'day, to date',
    'UTC',
    'day',
    '2025-03-10T06:00:00Z',
    ['2025-03-10T00:00:00Z', '2025-03-10T06:00:00Z'],
    ['2025-03-09T00:00:00Z', '2025-03-09T06:00:00Z']
  ),
  c(
    'week, to date (ISO Monday)',
    'UTC',
    'week',
    '2025-03-12T06:00:00Z',
    ['2025-03-10T00:00:00Z', '2025-03-12T06:00:00Z'],
    ['2025-03-03T00:00:00Z', '2025-03-05T06:00:00Z']
  ),
  c(
    'week, complete',
    'UTC',
    'week',
    '2025-03-17T00:00:00Z',
    ['2025-03-10T00:00:00Z', '2025-03-17T00:00:00Z'],
    ['2025-03-03T00:00:00Z', '2025-03-10T00:00:00Z']
  ),
  c(
    'week across the new year',
    'UTC',
    'week',
    '2025-01-01T12:00:00Z',
    ['2024-12-30T00:00:00Z', '2025-01-01T12:00:00Z'],
    ['2024-12-23T00:00:00Z', '2024-12-25T12:00:00Z']
  ),
  c(
    'month, complete (docs: at Apr 1 gives March)',
    'UTC',
    'month',
    '2025-04-01T00:00:00Z',
    ['2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'],
    ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z']
  ),
  c(
    'month, to date (docs: Mar 15 12:00)',
    'UTC',
    'month',
    '2025-03-15T12:00:00Z',
    ['2025-03-01T00:00:00Z', '2025-03-15T12:00:00Z'],
    ['2025-02-01T00:00:00Z', '2025-02-15T12:00:00Z']
  ),
  c(
    'month, Mar 31 12:00 clipped to Feb end',
    'UTC',
    'month',
    '2025-03-31T12:00:00Z',
    ['2025-03-01T00:00:00Z', '2025-03-31T12:00:00Z'],
    ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z']
  ),
  c(
    'month, Jan 31 12:00 (Dec not clipped)',
    'UTC',
    'month',
    '2025-01-31T12:00:00Z',
    ['2025-01-01T00:00:00Z', '2025-01-31T12:00:00Z'],
    ['2024-12-01T00:00:00Z', '2024-12-31T12:00:00Z']
  ),
  c(
    'month, complete February',
    'UTC',
    'month',
    '2025-03-01T00:00:00Z',
    ['2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'],
    ['2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z']
  ),
  c(
    'month, Feb 28 12:00',
    'UTC',
    'month',
    '2025-02-28T12:00:00Z',
    ['2025-02-01T00:00:00Z', '2025-02-28T12:00:00Z'],
    ['2025-01-01T00:00:00Z', '2025-01-28T12:00:00Z']
  ),
  c(
    'month, 1 ms into March',
    'UTC',
    'month',
    '2025-03-01T00:00:00.001Z',
    ['2025-03-01T00:00:00Z', '2025-03-01T00:00:00.001Z'],
    ['2025-02-01T00:00:00Z', '2025-02-01T00:00:00.001Z']
  ),
  c(
    'month, leap February complete',
    'UTC',
    'month',
    '2024-03-01T00:00:00Z',
    ['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z'],
    ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z']
  ),
  c(
    'month, leap Feb 29 12:00',
    'UTC',
    'month',
    '2024-02-29T12:00:00Z',
    ['2024-02-01T00:00:00Z', '2024-02-29T12:00:00Z'],
    ['2024-01-01T00:00:00Z', '2024-01-29T12:00:00Z']
  ),
  c(
    'month, 2024-03-31 clipped to leap Feb end',
    'UTC',
    'month',
    '2024-03-31T00:00:00Z',
    ['2024-03-01T00:00:00Z', '2024-03-31T00:00:00Z'],
    ['2024-02-01T00:00:00Z', '2024-03-01T00:00:00Z']
  ),
  c(
    'quarter, complete Q1',
    'UTC',
    'quarter',
    '2025-04-01T00:00:00Z',
    ['2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z'],
    ['2024-10-01T00:00:00Z', '2025-01-01T00:00:00Z']
  ),
  c(
    'quarter, to date',
    'UTC',
    'quarter',
    '2025-05-15T00:00:00Z',
    ['2025-04-01T00:00:00Z', '2025-05-15T00:00:00Z'],
    ['2025-01-01T00:00:00Z', '2025-02-14T00:00:00Z']
  ),
  c(
    'quarter, Jun 30 12:00 clipped to Q1 end',
    'UTC',
    'quarter',
    '2025-06-30T12:00:00Z',
    ['2025-04-01T00:00:00Z', '2025-06-30T12:00:00Z'],
    ['2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z']
  ),
  c(
    'quarter, complete Q2',
    'UTC',
    'quarter',
    '2025-07-01T00:00:00Z',
    ['2025-04-01T00:00:00Z', '2025-07-01T00:00:00Z'],
    ['2025-01-01T00:00:00Z', '2025-04-01T00:00:00Z']
  ),
  c(
    'year, complete 2024',
    'UTC',
    'year',
    '2025-01-01T00:00:00Z',
    ['2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z'],
    ['2023-01-01T00:00:00Z', '2024-01-01T00:00:00Z']
  ),
  c(
    'year, to date (previous in a leap year)',
    'UTC',
    'year',
    '2025-03-01T00:00:00Z',
    ['2025-01-01T00:00:00Z', '2025-03-01T00:00:00Z'],
    ['2024-01-01T00:00:00Z', '2024-02-29T00:00:00Z']
  ),
  // America/New_York: 2025-03-09 has 23 h, 2025-11-02 has 25 h
  c(
    'NY day 2025-03-09 (23 h)',
    'America/New_York',
    'day',
    '2025-03-10T04:00:00Z',
    ['2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z'],
    ['2025-03-08T05:00:00Z', '2025-03-09T05:00:00Z']
  ),
  c(
    'NY day 2025-11-02 (25 h)',
    'America/New_York',
    'day',
    '2025-11-03T05:00:00Z',
    ['2025-11-02T04:00:00Z', '2025-11-03T05:00:00Z'],
    ['2025-11-01T04:00:00Z', '2025-11-02T04:00:00Z']
  ),
  c(
    'NY day 2025-03-09 to 12:00 EDT',
    'America/New_York',
    'day',
    '2025-03-09T16:00:00Z',
    ['2025-03-09T05:00:00Z', '2025-03-09T16:00:00Z'],
    ['2025-03-08T05:00:00Z', '2025-03-08T16:00:00Z']
  ),
  c(
    'NY day 2025-11-02 to 23:30 EST, previous clipped',
    'America/New_York',
    'day',
    '2025-11-03T04:30:00Z',
    ['2025-11-02T04:00:00Z', '2025-11-03T04:30:00Z'],
    ['2025-11-01T04:00:00Z', '2025-11-02T04:00:00Z']
  ),
  c(
    'NY week containing the spring DST',
    'America/New_York',
    'week',
    '2025-03-10T04:00:00Z',
    ['2025-03-03T05:00:00Z', '2025-03-10T04:00:00Z'],
    ['2025-02-24T05:00:00Z', '2025-03-03T05:00:00Z']
  ),
  c(
    'NY month March',
    'America/New_York',
    'month',
    '2025-04-01T04:00:00Z',
    ['2025-03-01T05:00:00Z', '2025-04-01T04:00:00Z'],
    ['2025-02-01T05:00:00Z', '2025-03-01T05:00:00Z']
  ),
  // Europe/Berlin: 2025-03-30 has 23 h, 2025-10-26 has 25 h
  c(
    'Berlin day 2025-03-30 (23 h)',
    'Europe/Berlin',
    'day',
    '2025-03-30T22:00:00Z',
    ['2025-03-29T23:00:00Z', '2025-03-30T22:00:00Z'],
    ['2025-03-28T23:00:00Z', '2025-03-29T23:00:00Z']
  ),
  c(
    'Berlin day 2025-10-26 (25 h)',
    'Europe/Berlin',
    'day',
    '2025-10-26T23:00:00Z',
    ['2025-10-25T22:00:00Z', '2025-10-26T23:00:00Z'],
    ['2025-10-24T22:00:00Z', '2025-10-25T22:00:00Z']
  ),
  c(
    'Berlin day 2025-03-30 to 23:30 CEST',
    'Europe/Berlin',
    'day',
    '2025-03-30T21:30:00Z',
    ['2025-03-29T23:00:00Z', '2025-03-30T21:30:00Z'],
    ['2025-03-28T23:00:00Z', '2025-03-29T21:30:00Z']
  ),
  c(
    'Berlin month March (docs example in zone)',
    'Europe/Berlin',
    'month',
    '2025-03-31T22:00:00Z',
    ['2025-02-28T23:00:00Z', '2025-03-31T22:00:00Z'],
    ['2025-01-31T23:00:00Z', '2025-02-28T23:00:00Z']
  ),
  c(
    'Berlin month to Mar 15 12:00 CET',
    'Europe/Berlin',
    'month',
    '2025-03-15T11:00:00Z',
    ['2025-02-28T23:00:00Z', '2025-03-15T11:00:00Z'],
    ['2025-01-31T23:00:00Z', '2025-02-15T11:00:00Z']
  ),
  c(
    'Berlin quarter Q1',
    'Europe/Berlin',
    'quarter',
    '2025-03-31T22:00:00Z',
    ['2024-12-31T23:00:00Z', '2025-03-31T22:00:00Z'],
    ['2024-09-30T22:00:00Z', '2024-12-31T23:00:00Z']
  ),
  c(
    'Berlin year 2024',
    'Europe/Berlin',
    'year',
    '2024-12-31T23:00:00Z',
    ['2023-12-31T23:00:00Z', '2024-12-31T23:00:00Z'],
    ['2022-12-31T23:00:00Z', '2023-12-31T23:00:00Z']
  ),
];

interface Tick extends Row {
  t: Date;
  v: number;
}

/** Rows on both sides of every boundary of every case (1 ms apart), plus one in the middle. */
function buildTicks(): Tick[] {
  const times = new Set<number>();
  for (const k of CASES) {
    for (const b of [k.from, k.to, k.prevFrom, k.prevTo]) {
      times.add(ms(b) - 1);
      times.add(ms(b));
    }
    times.add(Math.floor((ms(k.from) + ms(k.to)) / 2));
    times.add(Math.floor((ms(k.prevFrom) + ms(k.prevTo)) / 2));
  }
  // distinct, irregular values so that sums tell different row sets apart
  return [...times].sort((a, b) => a - b).map((t, i) => ({ t: new Date(t), v: ((i * 7919) % 1009) + 1 }));
}

const TICKS = buildTicks();

function over(from: string, to: string): { count: number; sum: number } {
  const rows = TICKS.filter((r) => r.t.getTime() >= ms(from) && r.t.getTime() < ms(to));
  return { count: rows.length, sum: rows.reduce((a, r) => a + r.v, 0) };
}

const kpiId = (prefix: string, window: string) => `${prefix}_${window}`;

function catalogYaml(zone: Zone): string {
  const windows = [...new Set(CASES.filter((k) => k.zone === zone).map((k) => k.window))];
  const kpis = windows.flatMap((w) => [
    `  - {id: ${kpiId('c', w)}, name: Count ${w}, source: ticks, window: ${w}, measure: {aggregate: count}}`,
    `  - {id: ${kpiId('s', w)}, name: Sum ${w}, source: ticks, window: ${w}, measure: {aggregate: sum, expression: v}}`,
  ]);
  return `apiVersion: openkpi/v1
name: spec-windows
timezone: ${zone}
sources:
  ticks:
    table: app.ticks
    time: t
kpis:
${kpis.join('\n')}
`;
}

describe('docs/catalog.md, Windows (real PostgreSQL)', () => {
  let db: TestDatabase;
  const catalogs = new Map<Zone, Catalog>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await createTable(db, 'app.ticks', { t: 'timestamptz', v: 'double precision' }, TICKS);
    for (const zone of ['UTC', 'America/New_York', 'Europe/Berlin'] as Zone[]) {
      catalogs.set(zone, catalogOf(catalogYaml(zone)));
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(CASES.map((k) => [k.label, k.zone, k.window, k.at, k] as const))(
    '%s (%s, window %s, at %s)',
    async (_label, zone, window, at, k) => {
      const res = await evaluateKpis(
        catalogs.get(zone)!,
        { kpiIds: [kpiId('c', window), kpiId('s', window)], at: instant(at) },
        pgRunner(db)
      );
      const [count, total] = res.kpis;
      const cur = over(k.from, k.to);
      const prev = over(k.prevFrom, k.prevTo);
      expect({ window: count.window, previousWindow: count.previousWindow }).toEqual({
        window: { from: isoOf(k.from), to: isoOf(k.to) },
        previousWindow: { from: isoOf(k.prevFrom), to: isoOf(k.prevTo) },
      });
      expect(total.window).toEqual(count.window);
      expect([count.value, total.value, count.previous, total.previous]).toEqual([
        cur.count,
        cur.sum,
        prev.count,
        prev.sum,
      ]);
    }
  );

  // The DST rule of docs/catalog.md, stated as durations: a `day` on a DST day spans 23 h / 25 h.
  it.each([
    ['America/New_York', '2025-03-10T04:00:00Z', 23],
    ['America/New_York', '2025-11-03T05:00:00Z', 25],
    ['Europe/Berlin', '2025-03-30T22:00:00Z', 23],
    ['Europe/Berlin', '2025-10-26T23:00:00Z', 25],
    ['Europe/Berlin', '2025-03-31T22:00:00Z', 24],
  ] as Array<[Zone, string, number]>)('%s day ending %s spans %d h', async (zone, at, hours) => {
    const res = await evaluateKpis(catalogs.get(zone)!, { kpiIds: ['c_day'], at: instant(at) }, pgRunner(db));
    const w = res.kpis[0].window;
    expect(w.to).toBe(isoOf(at));
    expect((ms(w.to) - ms(w.from)) / HOUR).toBe(hours);
  });

  it('the test data puts rows on both sides of every boundary', () => {
    for (const k of CASES) {
      expect(over(k.from, k.to).count).toBeGreaterThanOrEqual(1);
      expect(over(k.prevFrom, k.prevTo).count).toBeGreaterThanOrEqual(1);
      expect(TICKS.some((r) => r.t.getTime() === ms(k.to))).toBe(true);
      expect(TICKS.some((r) => r.t.getTime() === ms(k.from) - 1)).toBe(true);
    }
  });
});
