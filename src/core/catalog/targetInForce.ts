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
