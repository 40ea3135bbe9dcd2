/** @jest-environment node */
import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { parseWindow } from '../../src/core/catalog/duration';
import type { WindowSpec } from '../../src/core/catalog/model';
import { windowMs, yearEarlierMs } from '../../src/core/compiler/windowMs';
import { windowBounds, yearEarlier } from '../../src/core/compiler/windows';
import { CALENDAR_UNIT_NAMES } from '../../src/core/rules/windows';
import { quoteLiteral } from '../../src/core/sql/quote';
import { createTestDatabase, TestDatabase } from '../support/db';

/**
 * The compiler computes a literal instant's window bounds in TypeScript (core/compiler/windowMs.ts)
 * and writes them into the statement as constants. They must be the bounds PostgreSQL's own
 * time-zone arithmetic gives (the SQL that `now()` statements use, core/compiler/windows.ts):
 * random instants, every window kind, zones with DST changes (some at midnight, where a period
 * starts in a gap or an overlap), and the instants right at period boundaries and transitions.
 */
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe', // 30-minute DST shift
  'America/Sao_Paulo', // DST at midnight until 2019: days that start at 01:00
  'America/Havana', // DST at midnight (gap and overlap at 00:00)
  'Asia/Kolkata', // +05:30, no DST
  'Pacific/Chatham', // +12:45 / +13:45
];
// Every calendar kind of the registry (core/rules/windows.ts), so a new one is checked here too.
const WINDOWS = [...CALENDAR_UNIT_NAMES, '1h', '7d', '30d'].map((w) => parseWindow(w) as WindowSpec);
const FROM = Date.parse('2016-01-01T00:00:00Z');
const TO = Date.parse('2028-01-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('window bounds at a literal instant equal PostgreSQL’s', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  /** PostgreSQL's bounds (epoch ms) for many instants in one statement. */
  async function postgres(spec: WindowSpec, tz: string, instants: number[]) {
    const at = 'v.at';
    const w = windowBounds(spec, at, tz);
    const ms = (x: string) => `(extract(epoch FROM ${x}) * 1000)::float8`;
    const list = instants.map((t, i) => `(${i}, ${quoteLiteral(new Date(t).toISOString())}::timestamptz)`).join(', ');
    const rows = (
      await db.client.query(
        `SELECT ${ms(w.current.from)} AS f, ${ms(w.previous.from)} AS pf, ${ms(w.previous.to)} AS pt,
           ${ms(yearEarlier(at, tz))} AS y
         FROM (VALUES ${list}) v(i, at) ORDER BY i`
      )
    ).rows;
    return rows.map((r) => ({ from: r.f, prevFrom: r.pf, prevTo: r.pt, year: r.y }));
  }

  const ours = (spec: WindowSpec, tz: string, t: number) => {
    const { from, prevFrom, prevTo } = windowMs(spec, t, tz);
    return { from, prevFrom, prevTo, year: yearEarlierMs(t, tz) };
  };

  /** Every hour (and ±1 ms) of the days on which the zone's offset changes. */
  function transitionDays(tz: string): number[] {
    const zone = IANAZone.create(tz);
    const out: number[] = [];
    for (let t = FROM; t < TO; t += DAY) {
      if (zone.offset(t) !== zone.offset(t + DAY)) {
        for (let h = 0; h <= 36; h += 2) {
          out.push(t + h * HOUR);
        }
      }
    }
    return out;
  }

  jest.setTimeout(120_000);

  it.each(ZONES)('%s: random instants, transition days, and instants on period starts ±1 ms', async (tz) => {
    const instants = [
      ...fc.sample(fc.integer({ min: FROM, max: TO }), { numRuns: 100, seed: 7 }),
      ...transitionDays(tz),
    ];
    // Period starts as PostgreSQL sees them, and the milliseconds around them.
    const starts: number[] = [];
    for (const spec of WINDOWS.filter((w) => w.kind === 'calendar')) {
      for (const t of instants.filter((_, i) => i % 8 === 0)) {
        const s = windowMs(spec, t, tz).from;
        starts.push(s - 1, s, s + 1);
      }
    }
    const all = [...instants, ...starts];
    for (const spec of WINDOWS) {
      const expected = await postgres(spec, tz, all);
      expect(all.map((t) => ours(spec, tz, t))).toEqual(expected);
    }
  });

  // Cuba ends DST at 01:00, back to 00:00: 2012-11-04 has midnight twice, 04:00Z (UTC−4) and
  // 05:00Z (UTC−5). The day starts at the first; read at the second, instants in its first hour
  // would fall before their own day's start.
  it('a day whose midnight a fall-back repeats starts at the first midnight, in TypeScript and in PostgreSQL', async () => {
    const day = parseWindow('day') as WindowSpec;
    const firstMidnight = Date.parse('2012-11-04T04:00:00Z');
    const inFirstHour = [firstMidnight + 1, Date.parse('2012-11-04T04:30:00Z'), Date.parse('2012-11-04T05:30:00Z')];
    const expected = inFirstHour.map(() => firstMidnight);
    expect(inFirstHour.map((t) => windowMs(day, t, 'America/Havana').from)).toEqual(expected);
    expect((await postgres(day, 'America/Havana', inFirstHour)).map((b) => b.from)).toEqual(expected);
    // The day before ends there too: 2012-11-03 began at 04:00Z (UTC−4).
    const before = windowMs(day, inFirstHour[1], 'America/Havana');
    expect([before.prevFrom, before.periodEnd]).toEqual([
      Date.parse('2012-11-03T04:00:00Z'),
      Date.parse('2012-11-05T05:00:00Z'),
    ]);
  });
});
