import type { Catalog, KeyResult, Objective } from '../catalog/model';
import { Anchor, anchorSql, NOW } from '../compiler/anchor';
import { epochMs } from '../compiler/epoch';
import { kpiById, KpiSqlContext, valueAtSql } from '../compiler/kpiSql';
import { OpenKpiError } from '../errors';
import { inForceAt, instantMs } from '../rules/targets';
import { quoteLiteral } from '../sql/quote';
import { keyResultStatusSql, KeyResultStatus } from './progress';

/** Key-result statuses an alert rule reports (docs/objectives.md, Alert rules): no verdict is not news. */
export const ALERTING_KEY_RESULT_STATUSES: readonly KeyResultStatus[] = ['at_risk', 'missed'];

/**
 * The string columns of the key-result alert statement, in order: each row is one alert instance
 * (Grafana's numeric table), `key_result` (`<objective>/<n>`, n from 1 in catalog order) makes
 * them unique; `status` is the key result's status, so a key result that goes from at risk to
 * missed is a new alert; `due` and `target` are for the annotations.
 */
export const KEY_RESULT_LABEL_COLUMNS = [
  'objective',
  'objective_title',
  'key_result',
  'kpi',
  'kpi_name',
  'owner',
  'status',
  'due',
  'target',
] as const;

function num(x: number | null | undefined): string {
  return x === null || x === undefined ? 'NULL::double precision' : `(${x})::double precision`;
}

/** One key result's row: its labels, value (the KPI at min(at, by)), progress and status. */
function keyResultSelect(catalog: Catalog, o: Objective, kr: KeyResult, n: number, anchor: string): string {
  const tz = catalog.timezone;
  const kpi = kpiById(catalog, kr.kpi);
  const ctx: KpiSqlContext = { catalog, filters: [] };
  const fromMs = instantMs(o.from, tz);
  const byMs = instantMs(kr.by, tz);
  const by = `${quoteLiteral(new Date(byMs).toISOString())}::timestamptz`;
  const from = `${quoteLiteral(new Date(fromMs).toISOString())}::timestamptz`;
  // The target is fixed by the catalog: given, or the KPI's in force at `by` (a schedule may change it).
  const target = kr.target ?? inForceAt(kpi, new Date(byMs), tz).target;
  const baseline =
    kr.baseline !== undefined ? num(kr.baseline) : `(${valueAtSql(ctx, kpi, from, 'current')})::double precision`;
  const labels = [
    o.id,
    o.title,
    `${o.id}/${n}`,
    kpi.id,
    kpi.name,
    o.owner ?? '',
    null,
    new Date(byMs).toISOString(),
    target === null ? '' : String(target),
  ];
  const labelSql = KEY_RESULT_LABEL_COLUMNS.map((c, i) =>
    c === 'status' ? `f.status::text AS status` : `${quoteLiteral(labels[i] as string)}::text AS ${c}`
  );
  const status = keyResultStatusSql(
    {
      value: 'i.value',
      baseline: 'i.baseline',
      target: 'i.target',
      atMs: 'i.at_ms',
      fromMs: `(${fromMs})::double precision`,
      byMs: `(${byMs})::double precision`,
    },
    kpi.direction
  );
  return [
    `SELECT ${labelSql.join(', ')}, f.value`,
    'FROM (',
    `  SELECT i.value, ${status} AS status`,
    '  FROM (',
    `    SELECT ${epochMs('a.at')} AS at_ms, (${valueAtSql(ctx, kpi, `LEAST(a.at, ${by})`, 'current')})::double precision AS value, ${baseline} AS baseline, ${num(target)} AS target`,
    `    FROM (SELECT ${anchor} AS at) a`,
    '  ) i',
    ') f',
  ].join('\n');
}

/**
 * One statement over every key result of the catalog at `at` (PostgreSQL's `now()` in alert rules):
 * a row per key result in Grafana's numeric-table shape — the label columns, then `value`: the
 * key result's value while its status is at_risk or missed, NULL otherwise. Value, baseline,
 * target, progress and status follow docs/objectives.md exactly as evaluateObjectives does.
 */
export function compileKeyResultAlertQuery(catalog: Catalog, at: Anchor = NOW): string {
  const objectives = catalog.objectives ?? [];
  if (!objectives.some((o) => o.keyResults.length > 0)) {
    throw new OpenKpiError(`nothing to alert on: catalog ${catalog.name} has no key results`);
  }
  const anchor = anchorSql(at);
  const selects = objectives.flatMap((o) =>
    o.keyResults.map((kr, i) => keyResultSelect(catalog, o, kr, i + 1, anchor))
  );
  const alerting = ALERTING_KEY_RESULT_STATUSES.map((s) => `'${s}'`).join(', ');
  return [
    `SELECT ${KEY_RESULT_LABEL_COLUMNS.join(', ')},`,
    `  (CASE WHEN status IN (${alerting}) THEN value END)::double precision AS value`,
    `FROM (\n${selects.map((s) => `(${s})`).join('\nUNION ALL\n')}\n) r`,
  ].join('\n');
}
