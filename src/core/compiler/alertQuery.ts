import type { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { NOW } from './anchor';
import { compileEval } from './evalQuery';
import { hasVerdictSql, JUDGING_COLUMNS, judgedSql, judgingValues, lowVolumeSql, pendingSql } from './judging';
import { meetsTargetSql, statusSql } from '../rules/statusRule';
import { targetSql } from './targets';

/**
 * What an alert rule watches. `critical`/`warning`: the KPI's status is exactly that;
 * `info`: the target in force is met; `stale`: the KPI's source data is stale. A stale KPI
 * fires only `stale`: its value is not trusted, so it raises no breach and no achievement.
 */
export type AlertKind = 'critical' | 'warning' | 'info' | 'stale';

export const ALERT_KINDS: AlertKind[] = ['critical', 'warning', 'info', 'stale'];

/**
 * The string columns of an alert statement, in order. Grafana turns each row of a table with
 * exactly one numeric column into one alert instance labelled by these (the `kpi` id makes
 * them unique); `owner` is '' when the KPI has none.
 */
export const ALERT_LABEL_COLUMNS = ['kpi', 'kpi_name', 'area', 'owner'] as const;
/** The one numeric column of an alert statement. */
export const ALERT_VALUE_COLUMN = 'value';
/** The one numeric column of the target statement. */
export const TARGET_VALUE_COLUMN = 'target';

/** The area label of a KPI without one (the dashboards' "General" area). */
export const NO_AREA = 'General';

/** The stale statement's value for a stale KPI that never had data (an age would be NULL). */
export const NEVER_HAD_DATA = -1;

/** Each row's direction: the KPI row's `higher`. */
const ROW_DIRECTION = { higherSql: 'k.higher' };

/**
 * The KPI's status over the eval row `e`, by the status rule (core/rules/statusRule.ts): it
 * judges a paced KPI's projection, with the gates of minimum volume and pace read from the KPI
 * row `k` (core/compiler/judging.ts), so it is eval's status exactly.
 */
const ROW_STATUS = statusSql(
  {
    value: judgedSql(),
    warning: 'e.warning',
    critical: 'e.critical',
    lowVolume: lowVolumeSql(),
    pending: pendingSql(),
  },
  ROW_DIRECTION
);

/** The firing condition over the eval row `e` and the KPI row `k`, as a SQL boolean (NULL is false). */
function firingCondition(kind: AlertKind): string {
  switch (kind) {
    case 'critical':
    case 'warning':
      // Exactly that status: a critical breach is the critical rule's, not also a warning;
      // never pending or low_volume.
      return `NOT e.stale AND ${ROW_STATUS} = '${kind}'`;
    case 'info':
      return `NOT e.stale AND ${hasVerdictSql()} AND ${meetsTargetSql(judgedSql(), 'e.target', ROW_DIRECTION)}`;
    case 'stale':
      return 'e.stale';
  }
}

/**
 * The figure an instance carries while it fires: the judged figure (a paced KPI's projection:
 * "on pace to miss: projected 41 of 50"), or for `stale` the seconds since the last data.
 */
function firingFigure(kind: AlertKind): string {
  return kind === 'stale' ? `coalesce((e.at_ms - e.last_data_at_ms) / 1000.0, ${NEVER_HAD_DATA})` : judgedSql();
}

/** One row per KPI: its labels, direction and judging settings, as a VALUES list (no table is read). */
function kpiRows(catalog: Catalog, kpis: Kpi[]): string {
  const rows = kpis.map((kpi) => {
    const labels = [kpi.id, kpi.name, kpi.area ?? NO_AREA, kpi.owner ?? ''].map(quoteLiteral);
    const settings = [kpi.direction === 'higher' ? 'true' : 'false', ...judgingValues(catalog, kpi)];
    return `(${[...labels, ...settings].join(', ')})`;
  });
  return `(VALUES\n  ${rows.join(',\n  ')}\n) k(${[...ALERT_LABEL_COLUMNS, 'higher', ...JUDGING_COLUMNS].join(', ')})`;
}

function labelSelect(): string {
  return ALERT_LABEL_COLUMNS.map((c) => `k.${c}::text AS ${c}`).join(', ');
}

function requireKpis(catalog: Catalog, kpis: Kpi[]): void {
  if (kpis.length === 0) {
    throw new OpenKpiError(`nothing to alert on: no KPIs given for catalog ${catalog.name}`);
  }
}

/**
 * One statement that evaluates every given KPI at PostgreSQL's `now()` (the very eval statement
 * `openkpi eval` runs) and returns one row per KPI in Grafana's numeric-table shape: the label
 * columns, then `value`: the KPI's figure while the condition of `kind` holds, NULL otherwise.
 * A NULL is no alert (Grafana's threshold is false on NaN and NoData on null), so the rule's
 * condition only asks "has a value", and its annotations read the value from the same query.
 */
export function compileAlertQuery(catalog: Catalog, kpis: Kpi[], kind: AlertKind): string {
  requireKpis(catalog, kpis);
  const evaluation = compileEval(catalog, { kpiIds: kpis.map((k) => k.id), at: NOW });
  return [
    `SELECT ${labelSelect()},`,
    `  (CASE WHEN ${firingCondition(kind)} THEN ${firingFigure(kind)} END)::double precision AS ${ALERT_VALUE_COLUMN}`,
    `FROM (\n${evaluation}\n) e`,
    `JOIN ${kpiRows(catalog, kpis)} ON k.kpi = e.kpi`,
  ].join('\n');
}

/**
 * The target in force now of each given KPI, with the same label columns (so Grafana pairs it
 * with the alert statement's instance): cheap, it reads only the catalog's schedule and `now()`.
 */
export function compileTargetQuery(catalog: Catalog, kpis: Kpi[]): string {
  requireKpis(catalog, kpis);
  const targets = kpis.map(
    (kpi) => `WHEN ${quoteLiteral(kpi.id)} THEN ${targetSql(kpi, 'now()', catalog.timezone).target}`
  );
  return [
    `SELECT ${labelSelect()},`,
    `  (CASE k.kpi ${targets.join(' ')} END)::double precision AS ${TARGET_VALUE_COLUMN}`,
    `FROM ${kpiRows(catalog, kpis)}`,
  ].join('\n');
}
