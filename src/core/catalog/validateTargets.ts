import { parseCatalogInstant } from '../rules/instant';
import { thresholdsOrdered } from '../rules/statusRule';
import { combine, instantMs } from '../rules/targets';
import { Direction, Kpi, TargetEntry } from './model';
import { Path } from './positions';
import { Report, compact } from './report';
import { RawKpi } from './schema';
import { Broken, NOTHING_BROKEN } from './schemaIssues';

type Targets = Pick<Kpi, 'target' | 'targets' | 'thresholds'>;

/**
 * `target` / `targets` / `thresholds` (docs/catalog.md, Targets and schedules / Thresholds and status): one of target or
 * targets; schedule entries strictly ascending by `from`; critical on the worse side of
 * warning, for the KPI and for each entry that sets its own warning or critical. Rules
 * reading a `broken` field (one that failed its structural check) are skipped.
 */
export function validateTargets(
  raw: Pick<Partial<RawKpi>, 'target' | 'targets' | 'thresholds'>,
  direction: Direction,
  timeZone: string,
  path: Path,
  report: Report,
  broken: Broken = NOTHING_BROKEN
): Targets {
  const thresholds = raw.thresholds;
  // The order of warning and critical depends on the direction and on every threshold.
  const orderKnown = !broken([...path, 'direction']) && !broken([...path, 'thresholds']);
  if (thresholds && orderKnown) {
    checkOrder(thresholds.warning, thresholds.critical, direction, [...path, 'thresholds', 'critical'], report);
  }
  if (raw.target !== undefined && raw.targets !== undefined) {
    report.error([...path, 'targets'], 'use either target (a fixed value) or targets (a schedule), not both', 'key');
  }
  if (raw.targets === undefined) {
    return compact({ target: raw.target, thresholds });
  }
  if (raw.targets.length === 0) {
    report.error([...path, 'targets'], 'a target schedule needs at least one entry');
  }

  const targets: TargetEntry[] = [];
  let previous: { ms: number; text: string } | undefined;
  raw.targets.forEach((entry, i) => {
    const at = [...path, 'targets', i];
    const from = parseCatalogInstant(entry.from);
    if (!from) {
      report.error(
        [...at, 'from'],
        `invalid date or timestamp "${entry.from}": use YYYY-MM-DD or an ISO timestamp with Z or an offset`
      );
    } else {
      const ms = instantMs(from, timeZone);
      if (previous && ms <= previous.ms) {
        report.error(
          [...at, 'from'],
          `must be after the previous entry's from (${previous.text}): entries go in ascending order`
        );
      }
      previous = { ms, text: entry.from };
      targets.push(compact({ from, value: entry.value, warning: entry.warning, critical: entry.critical }));
    }
    const entryKnown = !broken([...at, 'warning']) && !broken([...at, 'critical']);
    if ((entry.warning !== undefined || entry.critical !== undefined) && orderKnown && entryKnown) {
      const where = [...at, entry.critical !== undefined ? 'critical' : 'warning'];
      // As the engine reads it (core/rules/targets.ts).
      const inForce = combine({ thresholds }, entry.value, entry);
      checkOrder(inForce.warning ?? undefined, inForce.critical ?? undefined, direction, where, report);
    }
  });
  return compact({ targets, thresholds });
}

function checkOrder(
  warning: number | undefined,
  critical: number | undefined,
  direction: Direction,
  path: Path,
  report: Report
): void {
  if (warning === undefined || critical === undefined) {
    return;
  }
  if (!thresholdsOrdered({ warning, critical }, direction)) {
    const side = direction === 'higher' ? 'above' : 'below';
    report.error(path, `critical (${critical}) must not be ${side} warning (${warning}) when ${direction} is better`);
  }
}
