import { Catalog, Kpi } from '../catalog/model';
import { gateClearSql, gateSql } from '../rules/gates';
import { numberLiteral } from '../sql/quote';
import { minVolumeOf } from './kpiSql';

/**
 * The SQL side of how an eval row is judged (docs/catalog.md: Pace, Minimum volume), for
 * statements that read eval rows of many KPIs (alert rules). The TypeScript side is
 * `judgedStatus` in evaluation/status.ts; both follow the same precedence (core/rules/statusRule.ts:
 * no_data, low_volume, pending, then the thresholds on the judged figure) and gates (core/rules/gates.ts).
 *
 * A KPI's judging settings travel as columns of a per-KPI row (alias `k`), so one statement
 * judges KPIs with different settings.
 */

/** The per-KPI columns these expressions read, in order. */
export const JUDGING_COLUMNS = ['paced', 'min_volume', 'pace_after'] as const;

/** The values of JUDGING_COLUMNS for one KPI, as SQL literals. */
export function judgingValues(catalog: Catalog, kpi: Kpi): string[] {
  const minVolume = minVolumeOf(catalog, kpi);
  return [
    kpi.pace ? 'true' : 'false',
    minVolume === undefined ? 'NULL::double precision' : `${numberLiteral(minVolume)}::double precision`,
    kpi.pace ? `${numberLiteral(kpi.pace.after)}::double precision` : 'NULL::double precision',
  ];
}

/** The figure the thresholds judge: `projected` for a paced KPI, else `value`. */
export function judgedSql(e = 'e', k = 'k'): string {
  return `(CASE WHEN ${k}.paced THEN ${e}.projected ELSE ${e}.value END)`;
}

/**
 * True when the KPI has a threshold verdict: a value, at least its minimum volume, and past its
 * pace's `after` share. False for no_data, low_volume and pending. (A NULL setting compares as
 * NULL, which coalesce turns into "no such rule".)
 */
export function hasVerdictSql(e = 'e', k = 'k'): string {
  const [volume, pace] = [
    gateClearSql(`${e}.volume`, `${k}.min_volume`),
    gateClearSql(`${e}.elapsed_share`, `${k}.pace_after`),
  ];
  return `(${e}.value IS NOT NULL AND ${volume} AND ${pace})`;
}

/** True when the KPI has fewer rows than its minimum volume (low_volume). */
export function lowVolumeSql(e = 'e', k = 'k'): string {
  return gateSql(`${e}.volume`, `${k}.min_volume`);
}

/** True while a paced KPI's elapsed share is below its `after` (pending). */
export function pendingSql(e = 'e', k = 'k'): string {
  return gateSql(`${e}.elapsed_share`, `${k}.pace_after`);
}
