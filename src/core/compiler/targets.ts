import { CatalogInstant, Kpi, TargetEntry } from '../catalog/model';
import { numberLiteral, quoteLiteral } from '../sql/quote';
import { fromLocal } from './windows';

/** The target, warning and critical thresholds in force at the anchor, as SQL (double precision or NULL). */
export interface TargetSql {
  target: string;
  warning: string;
  critical: string;
}

interface InForce {
  from?: CatalogInstant;
  target: number | null;
  warning: number | null;
  critical: number | null;
}

function instantSql(i: CatalogInstant, tz: string): string {
  // A date is the start of that day in the catalog time zone.
  return i.kind === 'date'
    ? fromLocal(`${quoteLiteral(i.date)}::timestamp`, tz)
    : `${quoteLiteral(i.iso)}::timestamptz`;
}

/**
 * Thresholds for a target value: the entry's own, else the KPI's; with no `thresholds` at
 * all the warning threshold is the target in force and there is no critical one (docs/catalog.md).
 */
function inForce(kpi: Kpi, target: number | null, entry?: TargetEntry): InForce {
  const own = kpi.thresholds;
  const warning = entry?.warning ?? (own ? (own.warning ?? null) : target);
  const critical = entry?.critical ?? own?.critical ?? null;
  return { from: entry?.from, target, warning, critical };
}

/** The figures in force, one per schedule entry (ascending `from`), or one for a fixed target. */
function schedule(kpi: Kpi): InForce[] {
  if (kpi.targets && kpi.targets.length > 0) {
    return kpi.targets.map((e) => inForce(kpi, e.value, e));
  }
  return [inForce(kpi, kpi.target ?? null)];
}

function value(v: number | null): string {
  return v === null ? 'NULL::double precision' : `${numberLiteral(v)}::double precision`;
}

/**
 * The last entry whose `from` is strictly before the anchor is in force; before the first
 * entry there is no target (and no thresholds derived from it).
 */
export function targetSql(kpi: Kpi, anchor: string, tz: string): TargetSql {
  const entries = schedule(kpi);
  const pick = (field: 'target' | 'warning' | 'critical'): string => {
    if (entries.length === 1 && entries[0].from === undefined) {
      return value(entries[0][field]);
    }
    const branches = [...entries]
      .reverse()
      .map((e) => `WHEN ${instantSql(e.from!, tz)} < ${anchor} THEN ${value(e[field])}`);
    // Before the schedule starts, only explicit KPI thresholds apply.
    const before = field === 'target' ? null : inForce(kpi, null)[field];
    return `(CASE ${branches.join(' ')} ELSE ${value(before)} END)`;
  };
  return { target: pick('target'), warning: pick('warning'), critical: pick('critical') };
}
