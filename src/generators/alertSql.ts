import type { Catalog, Kpi } from '../core/catalog/model';
import { NOW } from '../core/compiler/anchor';
import { compileEval } from '../core/compiler/evalQuery';
import { targetSql } from '../core/compiler/targets';

/**
 * What an alert rule watches. `critical`/`warning`: the KPI's status is exactly that;
 * `info`: the target in force is met; `stale`: the KPI's source data is stale. A stale KPI
 * fires only `stale`: its value is not trusted, so it raises no breach and no achievement.
 */
export type AlertKind = 'critical' | 'warning' | 'info' | 'stale';

export const ALERT_KINDS: AlertKind[] = ['critical', 'warning', 'info', 'stale'];

/** `value` worse than `threshold` for the direction; NULL on either side is never true (docs/catalog.md). */
function breach(kpi: Kpi, value: string, threshold: string): string {
  return kpi.direction === 'higher' ? `${value} < ${threshold}` : `${value} > ${threshold}`;
}

/** The target in force is met: not worse than it (equal meets it, as equal never breaches). */
function meets(kpi: Kpi, value: string, target: string): string {
  return kpi.direction === 'higher' ? `${value} >= ${target}` : `${value} <= ${target}`;
}

/** The firing condition over the eval row `e`, as a SQL boolean (NULL counts as false). */
function firingCondition(kpi: Kpi, kind: AlertKind): string {
  switch (kind) {
    case 'critical':
      return `NOT e.stale AND ${breach(kpi, 'e.value', 'e.critical')}`;
    case 'warning':
      // Exactly warning: a critical breach is the critical rule's.
      return `NOT e.stale AND ${breach(kpi, 'e.value', 'e.warning')} AND (${breach(kpi, 'e.value', 'e.critical')}) IS NOT TRUE`;
    case 'info':
      return `NOT e.stale AND ${meets(kpi, 'e.value', 'e.target')}`;
    case 'stale':
      return 'e.stale';
  }
}

/** The KPI's eval statement anchored at `now()`: the very SQL `openkpi eval` runs, at PostgreSQL's clock. */
function evalAtNow(catalog: Catalog, kpi: Kpi): string {
  return compileEval(catalog, { kpiIds: [kpi.id], at: NOW });
}

/**
 * Query B of a rule: one row, one double precision column `firing` (1 or 0, never NULL). A table
 * with one numeric column and no string column is one alert instance; the threshold `B > 0` fires it.
 */
export function firingSql(catalog: Catalog, kpi: Kpi, kind: AlertKind): string {
  return `SELECT (CASE WHEN ${firingCondition(kpi, kind)} THEN 1 ELSE 0 END)::double precision AS firing\nFROM (\n${evalAtNow(catalog, kpi)}\n) e`;
}

/** Query A of a breach/info rule: the KPI's value now (NULL when there is no data), for annotations. */
export function valueSql(catalog: Catalog, kpi: Kpi): string {
  return `SELECT e.value AS value\nFROM (\n${evalAtNow(catalog, kpi)}\n) e`;
}

/** Query A of a stale rule: seconds since the last data (NULL when there is none), for annotations. */
export function dataAgeSql(catalog: Catalog, kpi: Kpi): string {
  return `SELECT ((e.at_ms - e.last_data_at_ms) / 1000.0)::double precision AS age_seconds\nFROM (\n${evalAtNow(catalog, kpi)}\n) e`;
}

/** Query T: the target in force now. Cheap (no data scan): only the catalog's schedule and `now()`. */
export function targetNowSql(catalog: Catalog, kpi: Kpi): string {
  return `SELECT ${targetSql(kpi, 'now()', catalog.timezone).target} AS target`;
}
