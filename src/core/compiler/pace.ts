import { Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { WindowBounds } from './windows';

/**
 * The pace figures of a paced KPI (docs/catalog.md: Pace) as SQL. elapsedShare reads the window; projected
 * and expectedToDate read already computed columns (so the value is not scanned twice).
 */

const NULL = 'NULL::double precision';

/** Seconds between two timestamptz expressions: absolute, so a 23-hour DST day counts 23 hours. */
function seconds(from: string, to: string): string {
  return `extract(epoch FROM (${to} - ${from}))`;
}

/** (at − period start) / (period end − period start) of a paced KPI's calendar window; NULL without pace. */
export function elapsedShareSql(kpi: Kpi, window: WindowBounds): string {
  if (!kpi.pace) {
    return NULL;
  }
  if (window.periodEnd === undefined) {
    throw new OpenKpiError(`KPI ${kpi.id}: pace needs a calendar window`);
  }
  const { from, to } = window.current;
  return `(${seconds(from, to)} / NULLIF(${seconds(from, window.periodEnd)}, 0))::double precision`;
}

/** value / elapsedShare: exactly value at 1, NULL at 0 (and NULL when either is NULL). */
export function projectedSql(value: string, share: string): string {
  return `(CASE WHEN ${share} = 1 THEN ${value} WHEN ${share} = 0 THEN NULL ELSE ${value} / ${share} END)::double precision`;
}

/** target × elapsedShare. */
export function expectedToDateSql(target: string, share: string): string {
  return `(${target} * ${share})::double precision`;
}
