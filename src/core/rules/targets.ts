import type { CatalogInstant, Kpi, TargetEntry } from '../catalog/model';
import { numberLiteral, quoteLiteral } from '../sql/quote';
import { isoInstant, startOfDateMs } from './instant';
import type { Thresholds } from './statusRule';

/**
 * The target and thresholds in force (docs/catalog.md, Targets and schedules / Thresholds and
 * status), in one place, in TypeScript (`inForceAt`) and SQL (`inForceSql`).
 */

/** What is in force during one stretch of time: from `from` (absent: always) on. */
export interface InForce extends Thresholds {
  from?: CatalogInstant;
  target: number | null;
}

/** What combining thresholds needs of a KPI (validation passes the raw, not yet checked, fields). */
export type TargetFields = Pick<Kpi, 'target' | 'targets' | 'thresholds'>;

/** Without `thresholds` the warning threshold is the target in force (and there is no critical one). */
export function warningIsTarget(kpi: TargetFields): boolean {
  return kpi.thresholds === undefined;
}

/**
 * Thresholds for a target value: the entry's own, field by field over the KPI's; with no
 * `thresholds` at all the warning threshold is the target itself and there is no critical one.
 */
export function combine(kpi: TargetFields, target: number | null, entry?: Omit<TargetEntry, 'from'>): InForce {
  const own = kpi.thresholds;
  const warning = entry?.warning ?? (warningIsTarget(kpi) ? target : (own?.warning ?? null));
  const critical = entry?.critical ?? own?.critical ?? null;
  return { target, warning, critical };
}

/**
 * Every stretch, in time order: for a schedule, what holds before its first entry (no target,
 * only the KPI's explicit thresholds) and then one per entry; for a fixed target, one stretch.
 */
export function stretches(kpi: TargetFields): InForce[] {
  if (kpi.targets && kpi.targets.length > 0) {
    return [combine(kpi, null), ...kpi.targets.map((e) => ({ ...combine(kpi, e.value, e), from: e.from }))];
  }
  return [combine(kpi, kpi.target ?? null)];
}

/** True when the KPI has a target at some time. */
export function hasTarget(kpi: TargetFields): boolean {
  return kpi.target !== undefined || (kpi.targets ?? []).length > 0;
}

/** The start of a stretch as epoch ms: a date is the start of that day in the catalog zone. */
export function instantMs(i: CatalogInstant, tz: string): number {
  return i.kind === 'date' ? startOfDateMs(i.date, tz) : isoInstant(i.iso).getTime();
}

/** In force at `at`: the last entry whose `from` is strictly before `at`. */
export function inForceAt(kpi: TargetFields, at: Date, tz: string): InForce {
  const all = stretches(kpi);
  const current = all.filter((s) => s.from === undefined || instantMs(s.from, tz) < at.getTime()).pop();
  return current ?? all[0];
}

/** The target, warning and critical thresholds in force at the anchor, as SQL (double precision or NULL). */
export interface InForceSql {
  target: string;
  warning: string;
  critical: string;
}

/** instantMs as SQL (timestamptz). */
function instantSql(i: CatalogInstant, tz: string): string {
  return i.kind === 'date'
    ? `(${quoteLiteral(i.date)}::timestamp AT TIME ZONE ${quoteLiteral(tz)})`
    : `${quoteLiteral(i.iso)}::timestamptz`;
}

function value(v: number | null): string {
  return v === null ? 'NULL::double precision' : `${numberLiteral(v)}::double precision`;
}

/** inForceAt as SQL over `anchor` (a timestamptz expression). */
export function inForceSql(kpi: TargetFields, anchor: string, tz: string): InForceSql {
  const all = stretches(kpi);
  const pick = (field: keyof InForceSql): string => {
    if (all.length === 1) {
      return value(all[0][field]);
    }
    const branches = all
      .slice(1)
      .reverse()
      .map((s) => `WHEN ${instantSql(s.from!, tz)} < ${anchor} THEN ${value(s[field])}`);
    return `(CASE ${branches.join(' ')} ELSE ${value(all[0][field])} END)`;
  };
  return { target: pick('target'), warning: pick('warning'), critical: pick('critical') };
}
