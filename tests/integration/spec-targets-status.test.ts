/** @jest-environment node */
/**
 * Targets, thresholds, status and derived figures (docs/catalog.md) (attainment, previous, change,
 * changePercent) against real PostgreSQL. Values come from manual KPIs (the `last` value of
 * their own openkpi.measurement rows), so every expected figure is plain arithmetic.
 */
import { Catalog } from '../../src/core/catalog/model';
import { instant } from '../../src/core/compiler/anchor';
import { evaluateKpis, KpiEvaluation } from '../../src/core/evaluation/evaluate';
import { Status } from '../../src/core/rules/status';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createMeasurementTable, HOUR, ms, pgRunner, Row } from '../support/fixtures';

const AT = '2025-06-01T00:00:00.000Z';
const at = ms(AT);

interface StatusCase {
  id: string;
  /** YAML lines after `window:` (direction, target, thresholds). */
  spec: string;
  value: number | null;
  status: Status;
  warning: number | null;
  critical: number | null;
  target: number | null;
  attainment: number | null;
}

const H95 = 'direction: higher, target: 95, thresholds: {warning: 95, critical: 90}';
const L5 = 'direction: lower, target: 5, thresholds: {warning: 7, critical: 10}';

const STATUS: StatusCase[] = [
  {
    id: 'h_ok',
    spec: H95,
    value: 96,
    status: 'ok',
    warning: 95,
    critical: 90,
    target: 95,
    attainment: (100 * 96) / 95,
  },
  { id: 'h_eq_warn', spec: H95, value: 95, status: 'ok', warning: 95, critical: 90, target: 95, attainment: 100 },
  {
    id: 'h_warn',
    spec: H95,
    value: 94.9,
    status: 'warning',
    warning: 95,
    critical: 90,
    target: 95,
    attainment: (100 * 94.9) / 95,
  },
  {
    id: 'h_eq_crit',
    spec: H95,
    value: 90,
    status: 'warning',
    warning: 95,
    critical: 90,
    target: 95,
    attainment: (100 * 90) / 95,
  },
  {
    id: 'h_crit',
    spec: H95,
    value: 89.9,
    status: 'critical',
    warning: 95,
    critical: 90,
    target: 95,
    attainment: (100 * 89.9) / 95,
  },
  { id: 'l_ok', spec: L5, value: 3, status: 'ok', warning: 7, critical: 10, target: 5, attainment: (100 * 5) / 3 },
  { id: 'l_eq_warn', spec: L5, value: 7, status: 'ok', warning: 7, critical: 10, target: 5, attainment: (100 * 5) / 7 },
  {
    id: 'l_warn',
    spec: L5,
    value: 7.1,
    status: 'warning',
    warning: 7,
    critical: 10,
    target: 5,
    attainment: (100 * 5) / 7.1,
  },
  { id: 'l_eq_crit', spec: L5, value: 10, status: 'warning', warning: 7, critical: 10, target: 5, attainment: 50 },
  {
    id: 'l_crit',
    spec: L5,
    value: 10.5,
    status: 'critical',
    warning: 7,
    critical: 10,
    target: 5,
    attainment: (100 * 5) / 10.5,
  },
  { id: 'l_zero_value', spec: L5, value: 0, status: 'ok', warning: 7, critical: 10, target: 5, attainment: null },
  // thresholds absent: warning = target in force, no critical
  {
    id: 'd_h_eq',
    spec: 'direction: higher, target: 95',
    value: 95,
    status: 'ok',
    warning: 95,
    critical: null,
    target: 95,
    attainment: 100,
  },
  {
    id: 'd_h_below',
    spec: 'direction: higher, target: 95',
    value: 94,
    status: 'warning',
    warning: 95,
    critical: null,
    target: 95,
    attainment: (100 * 94) / 95,
  },
  {
    id: 'd_h_zero',
    spec: 'direction: higher, target: 95',
    value: 0,
    status: 'warning',
    warning: 95,
    critical: null,
    target: 95,
    attainment: 0,
  },
  {
    id: 'd_l_eq',
    spec: 'direction: lower, target: 5',
    value: 5,
    status: 'ok',
    warning: 5,
    critical: null,
    target: 5,
    attainment: 100,
  },
  {
    id: 'd_l_above',
    spec: 'direction: lower, target: 5',
    value: 6,
    status: 'warning',
    warning: 5,
    critical: null,
    target: 5,
    attainment: (100 * 5) / 6,
  },
  {
    id: 'd_default_higher',
    spec: 'target: 10',
    value: 9,
    status: 'warning',
    warning: 10,
    critical: null,
    target: 10,
    attainment: 90,
  },
  // thresholds present but partial: the absent one never triggers (no default to the target)
  {
    id: 'p_crit_only',
    spec: 'direction: higher, target: 95, thresholds: {critical: 90}',
    value: 92,
    status: 'ok',
    warning: null,
    critical: 90,
    target: 95,
    attainment: (100 * 92) / 95,
  },
  {
    id: 'p_crit_only_breach',
    spec: 'direction: higher, target: 95, thresholds: {critical: 90}',
    value: 89,
    status: 'critical',
    warning: null,
    critical: 90,
    target: 95,
    attainment: (100 * 89) / 95,
  },
  {
    id: 'p_warn_no_target',
    spec: 'direction: lower, thresholds: {warning: 80}',
    value: 81,
    status: 'warning',
    warning: 80,
    critical: null,
    target: null,
    attainment: null,
  },
  {
    id: 'n_nothing',
    spec: 'direction: higher',
    value: 1,
    status: 'ok',
    warning: null,
    critical: null,
    target: null,
    attainment: null,
  },
  // attainment divisors
  {
    id: 'a_h_target0',
    spec: 'direction: higher, target: 0, thresholds: {warning: 0}',
    value: 4,
    status: 'ok',
    warning: 0,
    critical: null,
    target: 0,
    attainment: null,
  },
  {
    id: 'a_l_target0',
    spec: 'direction: lower, target: 0, thresholds: {warning: 10}',
    value: 4,
    status: 'ok',
    warning: 10,
    critical: null,
    target: 0,
    attainment: 0,
  },
  // no data
  {
    id: 'nd_higher',
    spec: H95,
    value: null,
    status: 'no_data',
    warning: 95,
    critical: 90,
    target: 95,
    attainment: null,
  },
];

interface ChangeCase {
  id: string;
  current: number | null;
  prev: number | null;
  change: number | null;
  changePercent: number | null;
}

const CHANGES: ChangeCase[] = [
  { id: 'ch_up', current: 12, prev: 10, change: 2, changePercent: 20 },
  { id: 'ch_down', current: 8, prev: 10, change: -2, changePercent: -20 },
  { id: 'ch_neg_prev', current: 5, prev: -10, change: 15, changePercent: 150 },
  { id: 'ch_neg_both', current: -3, prev: -4, change: 1, changePercent: 25 },
  { id: 'ch_zero_prev', current: 5, prev: 0, change: 5, changePercent: null },
  { id: 'ch_no_prev', current: 5, prev: null, change: null, changePercent: null },
  { id: 'ch_no_current', current: null, prev: 4, change: null, changePercent: null },
];

const SCHEDULE = `  - id: sched_lower
    name: Open tickets
    source: manual
    window: 1h
    direction: lower
    thresholds: {warning: 12, critical: 20}
    targets:
      - {from: 2025-08-10, value: 10}
      - {from: 2025-09-07, value: 5, warning: 7, critical: 10}
      - {from: "2025-10-01T12:00:00Z", value: 3}
  - id: sched_higher
    name: Deploys
    source: manual
    window: 1h
    direction: higher
    targets:
      - {from: 2025-08-10, value: 10}
      - {from: "2025-10-01T12:00:00Z", value: 6}`;

const YAML = `apiVersion: openkpi/v1
name: spec-targets
timezone: Europe/Berlin
kpis:
${STATUS.map((s) => `  - {id: ${s.id}, name: Status ${s.id}, source: manual, window: 1d, ${s.spec}}`).join('\n')}
${CHANGES.map((s) => `  - {id: ${s.id}, name: Change ${s.id}, source: manual, window: 1d}`).join('\n')}
${SCHEDULE}
`;

interface ScheduleCase {
  label: string;
  at: string;
  lower: { target: number | null; warning: number | null; critical: number | null; status: Status };
  higher: { target: number | null; warning: number | null; status: Status };
}

/** Both schedule KPIs measure 8 at every instant below. Dates are Europe/Berlin days (UTC+2 in summer). */
const SCHEDULES: ScheduleCase[] = [
  {
    label: 'before the first entry: no target',
    at: '2025-08-09T21:59:59Z',
    lower: { target: null, warning: 12, critical: 20, status: 'ok' },
    higher: { target: null, warning: null, status: 'ok' },
  },
  {
    label: 'exactly at the first from (Aug 10 00:00 Berlin): not yet in force',
    at: '2025-08-09T22:00:00Z',
    lower: { target: null, warning: 12, critical: 20, status: 'ok' },
    higher: { target: null, warning: null, status: 'ok' },
  },
  {
    label: '1 s after Aug 10 00:00 Berlin (still Aug 9 in UTC): first entry',
    at: '2025-08-09T22:00:01Z',
    lower: { target: 10, warning: 12, critical: 20, status: 'ok' },
    higher: { target: 10, warning: 10, status: 'warning' },
  },
  {
    label: 'just before Sep 7 Berlin: first entry',
    at: '2025-09-06T21:59:00Z',
    lower: { target: 10, warning: 12, critical: 20, status: 'ok' },
    higher: { target: 10, warning: 10, status: 'warning' },
  },
  {
    label: 'after Sep 7 Berlin: entry thresholds replace the KPI thresholds',
    at: '2025-09-06T22:00:01Z',
    lower: { target: 5, warning: 7, critical: 10, status: 'warning' },
    higher: { target: 10, warning: 10, status: 'warning' },
  },
  {
    label: 'exactly at the timestamp entry: previous entry',
    at: '2025-10-01T12:00:00Z',
    lower: { target: 5, warning: 7, critical: 10, status: 'warning' },
    higher: { target: 10, warning: 10, status: 'warning' },
  },
  {
    label: 'after the timestamp entry without own thresholds: the KPI thresholds again',
    at: '2025-10-01T12:00:01Z',
    lower: { target: 3, warning: 12, critical: 20, status: 'ok' },
    higher: { target: 6, warning: 6, status: 'ok' },
  },
];

function measurementRows(): Row[] {
  const rows: Row[] = [];
  const m = (kpi: string, t: number, value: number) => ({
    kpi,
    time: new Date(t),
    value,
    note: null,
    recorded_by: 'test',
  });
  for (const s of STATUS) {
    if (s.value !== null) {
      // an older, different value that must lose to the latest one
      rows.push(m(s.id, at - HOUR, s.value), m(s.id, at - 2 * HOUR, 1234));
    }
  }
  for (const s of CHANGES) {
    if (s.current !== null) {
      rows.push(m(s.id, at - HOUR, s.current));
    }
    if (s.prev !== null) {
      rows.push(m(s.id, at - 25 * HOUR, s.prev));
    }
  }
  for (const s of SCHEDULES) {
    rows.push(m('sched_lower', ms(s.at) - 30 * 60_000, 8), m('sched_higher', ms(s.at) - 30 * 60_000, 8));
  }
  return rows;
}

function near(actual: number | null, expected: number | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
  } else {
    expect(actual).not.toBeNull();
    expect(actual!).toBeCloseTo(expected, 9);
  }
}

describe('Targets, thresholds, status and derived figures (docs/catalog.md) (real PostgreSQL)', () => {
  let db: TestDatabase;
  let catalog: Catalog;
  const results = new Map<string, KpiEvaluation>();

  beforeAll(async () => {
    db = await createTestDatabase();
    await createMeasurementTable(db, measurementRows());
    catalog = catalogOf(YAML);
    const res = await evaluateKpis(
      catalog,
      { at: instant(AT), kpiIds: [...STATUS, ...CHANGES].map((s) => s.id) },
      pgRunner(db)
    );
    for (const k of res.kpis) {
      results.set(k.id, k);
    }
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(STATUS.map((s) => [s.id, s.spec, s.value, s.status, s] as const))(
    '%s: %s, value %p → %s',
    (id, _spec, value, status, s) => {
      const k = results.get(id)!;
      expect(k.error).toBeUndefined();
      expect(k.value).toBe(value);
      expect(k.status).toBe(status);
      expect({ target: k.target, warning: k.warning, critical: k.critical }).toEqual({
        target: s.target,
        warning: s.warning,
        critical: s.critical,
      });
      near(k.attainment, s.attainment);
    }
  );

  it.each(CHANGES.map((s) => [s.id, s.current, s.prev, s] as const))(
    '%s: value %p, previous %p',
    (id, current, prev, s) => {
      const k = results.get(id)!;
      expect(k.error).toBeUndefined();
      expect(k.value).toBe(current);
      expect(k.previous).toBe(prev);
      near(k.change, s.change);
      near(k.changePercent, s.changePercent);
      // rolling 1d: previous window [at − 2d, at − 1d)
      expect(k.previousWindow).toEqual({ from: '2025-05-30T00:00:00.000Z', to: '2025-05-31T00:00:00.000Z' });
    }
  );

  it.each(SCHEDULES.map((s) => [s.label, s.at, s] as const))('target schedule, %s (at %s)', async (_l, atIso, s) => {
    const res = await evaluateKpis(
      catalog,
      { at: instant(atIso), kpiIds: ['sched_lower', 'sched_higher'] },
      pgRunner(db)
    );
    const [lower, higher] = res.kpis;
    expect(lower.value).toBe(8);
    expect({ target: lower.target, warning: lower.warning, critical: lower.critical, status: lower.status }).toEqual(
      s.lower
    );
    near(lower.attainment, s.lower.target === null ? null : (100 * s.lower.target) / 8);
    expect(higher.value).toBe(8);
    expect({ target: higher.target, warning: higher.warning, status: higher.status }).toEqual(s.higher);
    expect(higher.critical).toBeNull();
    near(higher.attainment, s.higher.target === null ? null : (100 * 8) / s.higher.target);
  });
});
