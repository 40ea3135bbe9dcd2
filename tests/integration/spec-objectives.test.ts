/** @jest-environment node */
/**
 * Objectives and key results (docs/objectives.md) against real PostgreSQL. Every KPI is manual (the `last`
 * value of its own openkpi.measurement rows over a 365-day window), so each expected value is
 * "the latest row before the instant", computed below by hand, and progress, expected progress
 * and status are plain arithmetic on those numbers and the instants.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateObjectives, KeyResultEvaluation, OkrResult } from '../../src/core/objectives/evaluate';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createMeasurementTable, DAY, ms, pgRunner, Row } from '../support/fixtures';

// Europe/Berlin: a date is local midnight, 23:00Z in winter and 22:00Z in summer.
const FROM = ms('2024-12-31T23:00:00Z'); // 2025-01-01
const BY_FEB = ms('2025-01-31T23:00:00Z'); // 2025-02-01
const BY_MAR = ms('2025-02-28T23:00:00Z'); // 2025-03-01
const BY_APR = ms('2025-03-31T22:00:00Z'); // 2025-04-01 (summer time since March 30)
const BY_JUN = ms('2025-05-31T22:00:00Z'); // 2025-06-01
const AT = ms('2025-02-15T00:00:00Z');
const AFTER = ms('2025-05-01T00:00:00Z');

const ROWS: Row[] = [
  // success: higher is better, fixed target 95
  { kpi: 'success', time: new Date('2024-12-15T00:00:00Z'), value: 80 },
  // After Berlin's midnight of February 1st but before UTC's: not part of a value frozen at that date.
  { kpi: 'success', time: new Date('2025-01-31T23:30:00Z'), value: 83 },
  { kpi: 'success', time: new Date('2025-02-01T12:00:00Z'), value: 86 },
  { kpi: 'success', time: new Date('2025-03-20T00:00:00Z'), value: 90 },
  { kpi: 'success', time: new Date('2025-04-10T00:00:00Z'), value: 99 }, // after April 1st: frozen out
  // errors: lower is better, target schedule 5 from January 1st, 2 from March 1st
  { kpi: 'errors', time: new Date('2024-12-20T00:00:00Z'), value: 10 },
  { kpi: 'errors', time: new Date('2025-02-10T00:00:00Z'), value: 4 },
  // sat: no target of its own
  { kpi: 'sat', time: new Date('2025-02-01T00:00:00Z'), value: 20 },
  // fast: lower, already far better than its target
  { kpi: 'fast', time: new Date('2024-12-01T00:00:00Z'), value: 10 },
  { kpi: 'fast', time: new Date('2025-02-01T00:00:00Z'), value: 1 },
  // empty: no rows at all
];

/** The manual KPI's value at t: the latest row in [t − 365d, t), by hand. */
function valueAt(kpi: string, t: number): number | null {
  const rows = ROWS.filter((r) => r.kpi === kpi)
    .map((r) => ({ t: (r.time as Date).getTime(), v: r.value as number }))
    .filter((r) => r.t >= t - 365 * DAY && r.t < t)
    .sort((a, b) => a.t - b.t);
  return rows.length === 0 ? null : rows[rows.length - 1].v;
}

const clip = (x: number) => Math.min(100, Math.max(0, x));
const progress = (v: number, b: number, t: number) => clip((100 * (v - b)) / (t - b));
const expected = (at: number, from: number, by: number) => clip((100 * (Math.min(at, by) - from)) / (by - from));

const YAML = `apiVersion: openkpi/v1
name: okr-test
timezone: Europe/Berlin
kpis:
  - { id: success, name: Success, source: manual, unit: percent, target: 95 }
  - id: errors
    name: Errors
    source: manual
    direction: lower
    targets: [{ from: 2025-01-01, value: 5 }, { from: 2025-03-01, value: 2 }]
  - { id: sat, name: Satisfaction, source: manual }
  - { id: fast, name: Fast, source: manual, direction: lower, target: 2 }
  - { id: empty, name: Empty, source: manual, target: 1 }
objectives:
  - id: o_missed
    title: Missed wins over everything
    owner: team-a
    from: 2025-01-01
    keyResults:
      - { kpi: success, by: 2025-02-01, baseline: 70 }
      - { kpi: empty, by: 2025-06-01 }
      - { kpi: errors, by: 2025-04-01 }
      - { kpi: sat, by: 2025-06-01, baseline: 30, target: 60 }
      - { kpi: fast, by: 2025-06-01, baseline: 10 }
  - id: o_at_risk
    title: At risk before no data
    from: 2025-01-01
    keyResults:
      - { kpi: empty, by: 2025-06-01 }
      - { kpi: sat, by: 2025-06-01, baseline: 30, target: 60 }
      - { kpi: errors, by: 2025-04-01 }
      - { kpi: fast, by: 2025-06-01, baseline: 10 }
  - id: o_no_data
    title: No data before on track
    from: 2025-01-01
    keyResults:
      - { kpi: errors, by: 2025-04-01 }
      - { kpi: empty, by: 2025-06-01 }
      - { kpi: fast, by: 2025-06-01, baseline: 10 }
  - id: o_on_track
    title: On track before achieved
    from: 2025-01-01
    keyResults:
      - { kpi: fast, by: 2025-06-01, baseline: 10 }
      - { kpi: errors, by: 2025-04-01 }
  - id: o_achieved
    title: Achieved only when all are
    from: 2025-01-01
    keyResults:
      - { kpi: fast, by: 2025-06-01, baseline: 10 }
      - { kpi: success, by: 2025-06-01, baseline: 80, target: 85 }
      - { kpi: errors, by: 2025-03-01 }
  - id: o_defaults
    title: Defaults and frozen values
    from: 2025-01-01
    keyResults:
      - { kpi: success, by: 2025-04-01 }
  - id: o_flat
    title: Target equal to baseline
    from: 2025-01-01T00:00:00+01:00
    keyResults:
      - { kpi: success, by: 2025-06-01, baseline: 95, target: 95 }
`;

let db: TestDatabase;
let catalog: Catalog;

beforeAll(async () => {
  db = await createTestDatabase();
  await createMeasurementTable(db, ROWS);
  catalog = catalogOf(YAML);
});

afterAll(async () => {
  await db?.drop();
});

async function okrAt(t: number): Promise<OkrResult> {
  return evaluateObjectives(catalog, instant(new Date(t)), pgRunner(db));
}

function kr(result: OkrResult, objective: string, index: number): KeyResultEvaluation {
  const o = result.objectives.find((x) => x.id === objective);
  if (!o) {
    throw new Error(`no objective ${objective}`);
  }
  return o.keyResults[index];
}

describe('key results at an instant before their due dates', () => {
  let r: OkrResult;
  beforeAll(async () => {
    r = await okrAt(AT);
  });

  it('higher is better, past its due date: frozen at the due date in the catalog zone, missed', () => {
    const k = kr(r, 'o_missed', 0);
    // At Berlin's midnight of February 1st the 83 (23:30Z) is not yet there: the value is 80.
    expect(valueAt('success', BY_FEB)).toBe(80);
    expect(k).toMatchObject({ kpi: 'success', value: 80, baseline: 70, target: 95, status: 'missed' });
    expect(k.by).toBe(new Date(BY_FEB).toISOString());
    expect(k.progress).toBeCloseTo(progress(80, 70, 95), 10);
    expect(k.expectedProgress).toBe(100);
  });

  it('lower is better, with the default baseline (value at from) and the scheduled target at by', () => {
    const k = kr(r, 'o_missed', 2);
    const baseline = valueAt('errors', FROM)!;
    expect(baseline).toBe(10);
    // The schedule's entry of March 1st is before April 1st: target 2.
    expect(k).toMatchObject({ kpi: 'errors', value: valueAt('errors', AT), baseline, target: 2 });
    expect(k.progress).toBeCloseTo(progress(4, 10, 2), 10); // 75
    expect(k.expectedProgress).toBeCloseTo(expected(AT, FROM, BY_APR), 10);
    expect(k.progress!).toBeGreaterThan(k.expectedProgress);
    expect(k.status).toBe('on_track');
  });

  it('a value worse than the baseline clips progress at 0: at risk', () => {
    const k = kr(r, 'o_missed', 3);
    expect(k).toMatchObject({ kpi: 'sat', value: 20, baseline: 30, target: 60, progress: 0, status: 'at_risk' });
    expect(k.expectedProgress).toBeCloseTo(expected(AT, FROM, BY_JUN), 10);
  });

  it('a value beyond the target clips progress at 100 (lower is better): achieved', () => {
    const k = kr(r, 'o_missed', 4);
    expect((100 * (1 - 10)) / (2 - 10)).toBeGreaterThan(100);
    expect(k).toMatchObject({ kpi: 'fast', value: 1, baseline: 10, target: 2, progress: 100, status: 'achieved' });
  });

  it('a KPI without data: no value, no baseline, no progress, no_data', () => {
    const k = kr(r, 'o_missed', 1);
    expect(k).toMatchObject({ kpi: 'empty', value: null, baseline: null, target: 1, progress: null });
    expect(k.status).toBe('no_data');
  });

  it('the target in force at a due date is the last entry strictly before it', () => {
    // errors by March 1st: the entry of March 1st is not before March 1st, so the target is 5; 4 ≤ 5.
    const k = kr(r, 'o_achieved', 2);
    expect(k).toMatchObject({ kpi: 'errors', value: 4, baseline: 10, target: 5, status: 'achieved' });
    expect(k.by).toBe(new Date(BY_MAR).toISOString());
    expect(k.progress).toBe(100); // 120 clipped
  });

  it('target equal to baseline: progress null, and a key result that cannot be shown on track is at risk', () => {
    const o = r.objectives.find((x) => x.id === 'o_flat')!;
    expect(o.keyResults[0]).toMatchObject({ value: 86, baseline: 95, target: 95, progress: null, status: 'at_risk' });
    expect(o.progress).toBeNull();
    expect(o.status).toBe('at_risk');
  });

  it('the default baseline and target before the due date: at risk when behind the straight line', () => {
    const k = kr(r, 'o_defaults', 0);
    expect(k).toMatchObject({ kpi: 'success', value: 86, baseline: 80, target: 95 });
    expect(k.progress).toBeCloseTo(progress(86, 80, 95), 10); // 40
    expect(k.expectedProgress).toBeCloseTo(expected(AT, FROM, BY_APR), 10); // ≈ 51
    expect(k.status).toBe('at_risk');
  });

  it('rolls objectives up: missed > at_risk > no_data > on_track, achieved only when all are', () => {
    const statuses = Object.fromEntries(r.objectives.map((o) => [o.id, o.status]));
    expect(statuses).toEqual({
      o_missed: 'missed',
      o_at_risk: 'at_risk',
      o_no_data: 'no_data',
      o_on_track: 'on_track',
      o_achieved: 'achieved',
      o_defaults: 'at_risk',
      o_flat: 'at_risk',
    });
    expect(r.objectives.find((o) => o.id === 'o_achieved')!.keyResults.map((k) => k.status)).toEqual([
      'achieved',
      'achieved',
      'achieved',
    ]);
  });

  it("an objective's progress is the mean of its key results' known progress", () => {
    const o = r.objectives.find((x) => x.id === 'o_missed')!;
    const known = [progress(80, 70, 95), progress(4, 10, 2), 0, 100]; // empty's null left out
    expect(o.progress).toBeCloseTo(known.reduce((a, b) => a + b) / known.length, 10);
    expect(o.owner).toBe('team-a');
    expect(r.objectives.find((x) => x.id === 'o_at_risk')!.owner).toBeNull();
  });

  it('reports the instant and the catalog', () => {
    expect(r.catalog).toBe('okr-test');
    expect(r.at).toBe(new Date(AT).toISOString());
  });
});

describe('after the due date', () => {
  it('keeps the value at the due date, not the later and better one', async () => {
    const r = await okrAt(AFTER);
    const k = kr(r, 'o_defaults', 0);
    expect(valueAt('success', AFTER)).toBe(99);
    expect(valueAt('success', BY_APR)).toBe(90);
    expect(k).toMatchObject({ value: 90, baseline: 80, target: 95, expectedProgress: 100, status: 'missed' });
    expect(k.progress).toBeCloseTo(progress(90, 80, 95), 10);
  });

  it('before the objective starts, expected progress is 0', async () => {
    const r = await okrAt(FROM - DAY);
    expect(kr(r, 'o_defaults', 0).expectedProgress).toBe(0);
  });
});
