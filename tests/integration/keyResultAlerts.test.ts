/** @jest-environment node */
/**
 * The key-result alert rule (docs/objectives.md, Alert rules) against real PostgreSQL: its
 * statement, run at fixed instants, gives every key result the status `evaluateObjectives`
 * gives at the same instant, carries the key result's value exactly while it is at risk or missed
 * (NULL otherwise: no alert), and has Grafana's numeric-table shape. The statuses are also worked
 * out by hand from the rows below.
 */
import { instant, NOW } from '../../src/core/compiler/anchor';
import { compileKeyResultAlertQuery, KEY_RESULT_LABEL_COLUMNS } from '../../src/core/objectives/alertQuery';
import { evaluateObjectives } from '../../src/core/objectives/evaluate';
import { keyResultPlan, ruleFor, rulesOf } from '../../src/generators/alertRules';
import { createTestDatabase, TestDatabase } from '../support/db';
import { catalogOf, createTable, DAY, ms, pgRunner } from '../support/fixtures';

const YAML = `apiVersion: openkpi/v1
name: kr-alerts
timezone: UTC
sources:
  runs: { table: kr.runs, time: t }
  incidents: { table: kr.incidents, time: t }
  probes: { table: kr.probes, time: t }
kpis:
  - id: success
    name: Success rate
    unit: percent
    source: runs
    window: 7d
    measure:
      ratio:
        numerator: { aggregate: count, filter: ok }
        denominator: { aggregate: count }
      scale: 100
    target: 95
  - id: incidents
    name: Incidents
    source: incidents
    window: month
    measure: { aggregate: count }
    direction: lower
    targets:
      - { from: 2024-01-01, value: 5 }
      - { from: 2025-02-20, value: 2 }
  - id: latency
    name: Probe latency
    source: probes
    window: 1d
    measure: { aggregate: avg, expression: ms }
    direction: lower
    target: 100
objectives:
  - id: reliable
    title: Reliable provisioning
    owner: sre
    from: 2025-01-01
    keyResults:
      - { kpi: success, target: 95, by: 2025-04-01, baseline: 80 }
      - { kpi: incidents, by: 2025-03-01 }
      - { kpi: success, target: 95, by: 2025-04-01, baseline: 70 }
  - id: fast
    title: Fast probes
    from: 2025-01-01
    keyResults:
      - { kpi: latency, by: 2025-06-01, baseline: 300 }
`;

/** Mid-February: 45 of the objectives' 90 days to April 1st (50 %), 45 of 59 to March 1st. */
const AT1 = '2025-02-15T00:00:00Z';
/** After the incidents key result's due date. */
const AT2 = '2025-03-10T00:00:00Z';

let db: TestDatabase;
const catalog = catalogOf(YAML);

/** n runs evenly over the 7 days before `at`, the first `ok` of them succeeded. */
function runs(at: string, n: number, ok: number) {
  return Array.from({ length: n }, (_, i) => ({
    t: new Date(ms(at) - DAY * 7 + (i + 0.5) * ((7 * DAY) / n)),
    ok: i < ok,
  }));
}

const day = (iso: string) => ({ t: new Date(iso) });

beforeAll(async () => {
  db = await createTestDatabase();
  // 17 of 20 (85 %) in the week before AT1; 24 of 25 (96 %) in the week before AT2.
  await createTable(db, 'kr.runs', { t: 'timestamptz', ok: 'boolean' }, [...runs(AT1, 20, 17), ...runs(AT2, 25, 24)]);
  // December 2024: 6 (the baseline: at January 1st the month window is all of December);
  // February 1st–14th: 3; February 15th–28th: 1 (all of February: 4); March: 1.
  await createTable(db, 'kr.incidents', { t: 'timestamptz' }, [
    ...[2, 5, 9, 14, 20, 28].map((d) => day(`2024-12-${String(d).padStart(2, '0')}T12:00:00Z`)),
    ...['02', '07', '13'].map((d) => day(`2025-02-${d}T12:00:00Z`)),
    day('2025-02-20T12:00:00Z'),
    day('2025-03-05T12:00:00Z'),
  ]);
  await createTable(db, 'kr.probes', { t: 'timestamptz', ms: 'double precision' });
});

afterAll(async () => {
  await db?.drop();
});

type Row = Record<string, unknown>;

async function alertRows(at: string): Promise<Row[]> {
  return db.query(compileKeyResultAlertQuery(catalog, instant(at)));
}

describe('key-result alert statement', () => {
  it.each([
    [
      AT1,
      {
        // (85 − 80) / (95 − 80) = 33 % < 50 % expected.
        'reliable/1': 'at_risk',
        // 3 against the target in force at March 1st (2), baseline 6: (3 − 6) / (2 − 6) = 75 % < 45/59 = 76.3 %.
        'reliable/2': 'at_risk',
        // (85 − 70) / (95 − 70) = 60 % ≥ 50 %.
        'reliable/3': 'on_track',
        'fast/1': 'no_data',
      },
    ],
    [
      AT2,
      {
        // 96 ≥ 95.
        'reliable/1': 'achieved',
        // Frozen at March 1st: all of February, 4 > 2, and due.
        'reliable/2': 'missed',
        'reliable/3': 'achieved',
        'fast/1': 'no_data',
      },
    ],
  ])('at %s: the statuses of evaluateObjectives, worked out by hand', async (at, expected) => {
    const rows = await alertRows(at);
    const byKey = Object.fromEntries(rows.map((r) => [r.key_result as string, r]));
    expect(Object.fromEntries(rows.map((r) => [r.key_result, r.status]))).toEqual(expected);
    const okr = await evaluateObjectives(catalog, instant(at), pgRunner(db));
    for (const o of okr.objectives) {
      o.keyResults.forEach((kr, i) => {
        const row = byKey[`${o.id}/${i + 1}`];
        expect({ key: row.key_result, status: row.status }).toEqual({ key: row.key_result, status: kr.status });
        // The instance carries the key result's value exactly while it is at risk or missed.
        const fires = kr.status === 'at_risk' || kr.status === 'missed';
        expect({ key: row.key_result, value: row.value }).toEqual({
          key: row.key_result,
          value: fires ? kr.value : null,
        });
        expect(row).toMatchObject({ objective: o.id, objective_title: o.title, kpi: kr.kpi, due: kr.by });
        expect(row.target).toBe(kr.target === null ? '' : String(kr.target));
      });
    }
  });

  it("has Grafana's numeric-table shape: one numeric column, the others strings that tell the rows apart", async () => {
    const result = await db.client.query(compileKeyResultAlertQuery(catalog, instant(AT1)));
    const names = result.fields.map((f) => f.name);
    expect(names).toEqual([...KEY_RESULT_LABEL_COLUMNS, 'value']);
    const TEXT = 25;
    const FLOAT8 = 701;
    expect(result.fields.map((f) => f.dataTypeID)).toEqual([...KEY_RESULT_LABEL_COLUMNS.map(() => TEXT), FLOAT8]);
    expect(new Set(result.rows.map((r) => r.key_result)).size).toBe(result.rows.length);
  });

  it('runs at now() in the rule, which is routed like info alerts (the daily digest)', async () => {
    const plan = keyResultPlan(catalog)!;
    expect(plan.kpis.map((k) => k.id)).toEqual(['success', 'incidents', 'latency']);
    const rule = ruleFor(catalog, plan, { contactPoints: { info: 'Digest' } });
    expect(rule.labels).toEqual({ severity: 'info', catalog: 'kr-alerts' });
    expect(rule.notification_settings).toMatchObject({ receiver: 'Digest', group_interval: '24h' });
    const a = rule.data.find((d) => (d as { refId: string }).refId === 'A') as { model: { rawSql: string } };
    expect(a.model.rawSql).toContain(compileKeyResultAlertQuery(catalog, NOW));
    // The statement the rule sends runs as it is (JIT off first, then the SELECT).
    const results = (await db.client.query(a.model.rawSql)) as unknown as Array<{ rows: Row[] }>;
    expect(results[results.length - 1].rows).toHaveLength(4);
    expect(rule.annotations.summary).toContain('{{ $labels.objective_title }}: key result {{ $labels.kpi_name }}');
    expect(rulesOf(catalog).filter((r) => r.keyResults)).toHaveLength(1);
  });
});
