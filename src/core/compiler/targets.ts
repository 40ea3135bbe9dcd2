import type { Kpi } from '../catalog/model';
import { inForceSql, InForceSql } from '../rules/targets';

/** The target, warning and critical thresholds in force at the anchor, as SQL (double precision or NULL). */
export type TargetSql = InForceSql;

/** The rule lives in core/rules/targets.ts; the compiler only places it over its anchor. */
export function targetSql(kpi: Kpi, anchor: string, tz: string): TargetSql {
  return inForceSql(kpi, anchor, tz);
}
