import { CatalogInstant, Kpi } from './model';
import { startOfDateMs } from './timezone';

/** Epoch milliseconds of a catalog instant: a date is the start of that day in the catalog zone. */
export function instantMs(i: CatalogInstant, timeZone: string): number {
  return i.kind === 'date' ? startOfDateMs(i.date, timeZone) : Date.parse(i.iso);
}

/**
 * The KPI's target in force at `atMs` (SPEC §1): the fixed target, or the last schedule entry
 * whose `from` is strictly before the instant; null before the first entry or with no target.
 * The same rule as the compiler's SQL form, in TypeScript, because a key result's default
 * target is read at its due date, which is known without asking the database.
 */
export function targetInForceAt(kpi: Pick<Kpi, 'target' | 'targets'>, atMs: number, timeZone: string): number | null {
  if (kpi.targets && kpi.targets.length > 0) {
    const entry = [...kpi.targets].reverse().find((e) => instantMs(e.from, timeZone) < atMs);
    return entry?.value ?? null;
  }
  return kpi.target ?? null;
}

/** The target and thresholds in force at an instant. */
export interface InForce {
  target: number | null;
  warning: number | null;
  critical: number | null;
}

/**
 * Target, warning and critical in force at `atMs` (SPEC §1): a schedule entry's own thresholds
 * replace the KPI's field by field; with no `thresholds` at all the warning threshold is the
 * target in force and there is no critical one. The TypeScript twin of the compiler's targetSql.
 */
export function inForceAt(
  kpi: Pick<Kpi, 'target' | 'targets' | 'thresholds'>,
  atMs: number,
  timeZone: string
): InForce {
  const entry =
    kpi.targets && kpi.targets.length > 0
      ? [...kpi.targets].reverse().find((e) => instantMs(e.from, timeZone) < atMs)
      : undefined;
  const target = targetInForceAt(kpi, atMs, timeZone);
  const own = kpi.thresholds;
  const warning = entry?.warning ?? (own ? (own.warning ?? null) : target);
  const critical = entry?.critical ?? own?.critical ?? null;
  return { target, warning, critical };
}
