/** @jest-environment node */
import type { Direction, Kpi } from '../../src/core/catalog/model';
import { parseCatalog } from '../../src/core/catalog/parse';
import { statusOf, statusSql, StatusGates, meetsTarget, meetsTargetSql } from '../../src/core/rules/statusRule';
import { gateClearSql, gatesOf, gateSql } from '../../src/core/rules/gates';
import { inForceAt, inForceSql } from '../../src/core/rules/targets';
import { createTestDatabase, TestDatabase } from '../support/db';

// The status rule and the figures in force exist once, in TypeScript and SQL read off the same
// definitions: both forms must give the same answer, on every boundary, in real PostgreSQL.

const VALUES = [null, -1, 0, 89.999, 90, 90.001, 94.999, 95, 95.001, 100];
const THRESHOLDS: Array<[number | null, number | null]> = [
  [95, 90],
  [90, 95],
  [95, null],
  [null, 90],
  [null, null],
  [90, 90],
];
const GATES: StatusGates[] = [{}, { lowVolume: true }, { pending: true }, { lowVolume: true, pending: true }];

function sqlNumber(v: number | null): string {
  return v === null ? 'NULL::double precision' : `${v}::double precision`;
}

describe('core/rules against PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('statusSql gives statusOf for every value, threshold pair, direction and gate', async () => {
    const cases: Array<{ sql: string; expected: string }> = [];
    for (const direction of ['higher', 'lower'] as Direction[]) {
      for (const [warning, critical] of THRESHOLDS) {
        for (const value of VALUES) {
          for (const gates of GATES) {
            const sql = statusSql(
              {
                value: sqlNumber(value),
                warning: sqlNumber(warning),
                critical: sqlNumber(critical),
                lowVolume: gates.lowVolume === undefined ? undefined : String(gates.lowVolume),
                pending: gates.pending === undefined ? undefined : String(gates.pending),
              },
              direction
            );
            cases.push({ sql, expected: statusOf(value, { warning, critical }, direction, gates) });
          }
        }
      }
    }
    const rows = await db.query<{ s: string[] }>(`SELECT ARRAY[${cases.map((c) => c.sql).join(', ')}] AS s`);
    expect(rows[0].s).toEqual(cases.map((c) => c.expected));
  });

  it('a gate holds in SQL exactly when it holds in TypeScript (figure below floor, absent: never)', async () => {
    const side = [null, undefined, 0, 4, 5, 6];
    const cases: Array<{ figure: number | null | undefined; floor: number | null | undefined }> = [];
    for (const figure of side) {
      for (const floor of side) {
        cases.push({ figure, floor });
      }
    }
    const sql = (v: number | null | undefined) => sqlNumber(v ?? null);
    const columns = cases.map(
      ({ figure, floor }) => `ARRAY[${gateSql(sql(figure), sql(floor))}, ${gateClearSql(sql(figure), sql(floor))}]`
    );
    const rows = await db.query<{ g: boolean[][] }>(`SELECT ARRAY[${columns.join(', ')}] AS g`);
    const expected = cases.map(({ figure, floor }) => {
      const { lowVolume } = gatesOf({ volume: figure, minVolume: floor });
      const { pending } = gatesOf({ elapsedShare: figure, after: floor });
      expect(pending).toBe(lowVolume);
      return [lowVolume, !lowVolume];
    });
    expect(rows[0].g).toEqual(expected);
    // The rule in numbers: 4 rows under a minimum of 5 is low volume, 5 is not.
    expect(gatesOf({ volume: 4, minVolume: 5 }).lowVolume).toBe(true);
    expect(gatesOf({ volume: 5, minVolume: 5 }).lowVolume).toBe(false);
  });

  it('states the rule: critical before warning, equal never breaches, gates after no_data', () => {
    const t = { warning: 95, critical: 90 };
    expect([89, 90, 94, 95, 96].map((v) => statusOf(v, t, 'higher'))).toEqual([
      'critical',
      'warning',
      'warning',
      'ok',
      'ok',
    ]);
    const lower = { warning: 90, critical: 95 };
    expect([89, 90, 94, 95, 96].map((v) => statusOf(v, lower, 'lower'))).toEqual([
      'ok',
      'ok',
      'warning',
      'warning',
      'critical',
    ]);
    expect(statusOf(null, t, 'higher', { lowVolume: true, pending: true })).toBe('no_data');
    expect(statusOf(50, t, 'higher', { lowVolume: true, pending: true })).toBe('low_volume');
    expect(statusOf(50, t, 'higher', { pending: true })).toBe('pending');
  });

  it('meetsTargetSql gives meetsTarget', async () => {
    const cases: Array<{ sql: string; expected: boolean }> = [];
    for (const direction of ['higher', 'lower'] as Direction[]) {
      for (const value of VALUES) {
        for (const target of [null, 90, 95]) {
          cases.push({
            sql: `COALESCE(${meetsTargetSql(sqlNumber(value), sqlNumber(target), direction)}, false)`,
            expected: meetsTarget(value, target, direction),
          });
        }
      }
    }
    const rows = await db.query<{ m: boolean[] }>(`SELECT ARRAY[${cases.map((c) => c.sql).join(', ')}] AS m`);
    expect(rows[0].m).toEqual(cases.map((c) => c.expected));
  });

  it('inForceSql gives inForceAt around every schedule boundary (dates in the catalog zone)', async () => {
    const { catalog } = parseCatalog(
      `apiVersion: openkpi/v1
name: rules
timezone: Europe/Berlin
sources:
  s: { table: t, time: t }
kpis:
  - id: sched
    name: Scheduled
    source: s
    window: 1d
    measure: { aggregate: count }
    thresholds: { critical: 3 }
    targets:
      - { from: 2025-03-10, value: 10 }
      - { from: '2025-03-30T01:30:00Z', value: 20, warning: 15 }
      - { from: 2025-10-26, value: 30, critical: 25 }
  - id: fixed
    name: Fixed
    source: s
    window: 1d
    measure: { aggregate: count }
    target: 7
`,
      'rules.yaml'
    );
    // Hand-written: 2025-03-10 starts at 2025-03-09T23:00Z in Berlin; 2025-10-26 at 2025-10-25T22:00Z.
    const instants = [
      '2025-01-01T00:00:00Z',
      '2025-03-09T23:00:00Z',
      '2025-03-09T23:00:00.001Z',
      '2025-03-30T01:30:00Z',
      '2025-03-30T01:30:01Z',
      '2025-10-25T22:00:00Z',
      '2025-10-25T22:00:01Z',
      '2026-01-01T00:00:00Z',
    ];
    // The KPI's thresholds set only critical, so warning is not the target: null unless an entry sets it.
    const expectedSched = [
      [null, null, 3],
      [null, null, 3],
      [10, null, 3],
      [10, null, 3],
      [20, 15, 3],
      [20, 15, 3],
      [30, null, 25],
      [30, null, 25],
    ];
    for (const kpi of catalog!.kpis as Kpi[]) {
      for (const [i, at] of instants.entries()) {
        const ts = inForceAt(kpi, new Date(at), 'Europe/Berlin');
        const sql = inForceSql(kpi, `'${at}'::timestamptz`, 'Europe/Berlin');
        const [row] = await db.query<{ target: number | null; warning: number | null; critical: number | null }>(
          `SELECT ${sql.target} AS target, ${sql.warning} AS warning, ${sql.critical} AS critical`
        );
        expect({ at, kpi: kpi.id, ...row }).toEqual({
          at,
          kpi: kpi.id,
          target: ts.target,
          warning: ts.warning,
          critical: ts.critical,
        });
        const hand = kpi.id === 'fixed' ? [7, 7, null] : expectedSched[i];
        expect([ts.target, ts.warning, ts.critical]).toEqual(hand);
      }
    }
  });
});
