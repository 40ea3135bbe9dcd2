import { Compare, DEFAULT_PACE_AFTER, Measure, Pace, WindowSpec } from './model';
import { Path } from './positions';
import { Report } from './report';
import { RawKpi } from './schema';
import { Broken } from './schemaIssues';

/** How a KPI is judged beyond its thresholds: pace, minimum volume, comparison (docs/catalog.md: Pace, Minimum volume, Comparison period, Growth KPIs). */
export interface Judging {
  pace?: Pace;
  minVolume?: number;
  compare?: Compare;
}

/** What kind of KPI this is, as far as these rules care. */
export type KpiForm = 'rows' | 'formula' | 'growth';

function measureText(m: Measure): string {
  return m.kind === 'aggregate' ? `aggregate ${m.aggregate}` : m.kind;
}

/**
 * Checks `pace`, `minVolume` and `compare` of one KPI. `window` and `measure` are the KPI's
 * own, undefined when missing or broken (their problem is reported elsewhere, so the rules
 * that need them are skipped).
 */
export function validateJudging(
  raw: Partial<RawKpi>,
  form: KpiForm,
  window: WindowSpec | undefined,
  measure: Measure | undefined,
  path: Path,
  report: Report,
  broken: Broken
): Judging {
  const at = (...rest: Array<string | number>): Path => [...path, ...rest];
  let pace: Pace | undefined;
  if (raw.pace !== undefined) {
    const after = raw.pace.after ?? DEFAULT_PACE_AFTER;
    let ok = true;
    if (form !== 'rows') {
      report.error(at('pace'), `a ${form} KPI cannot be paced: pace needs a count or sum over source rows`, 'key');
      ok = false;
    } else if (window !== undefined && window.kind !== 'calendar') {
      report.error(
        at('pace'),
        `pace needs a calendar window (day, week, month, quarter or year); this KPI's window is ${window.text}`,
        'key'
      );
      ok = false;
    } else if (
      measure !== undefined &&
      !(measure.kind === 'aggregate' && ['count', 'sum'].includes(measure.aggregate))
    ) {
      report.error(
        at('pace'),
        `pace needs an additive measure (aggregate count or sum); this KPI's measure is ${measureText(measure)}`,
        'key'
      );
      ok = false;
    }
    if (!broken(at('pace', 'after')) && !(after >= 0 && after < 1)) {
      report.error(at('pace', 'after'), `must be at least 0 and less than 1 (a share of the period), got ${after}`);
      ok = false;
    }
    pace = ok ? { after } : undefined;
  }

  const minVolume = raw.minVolume;
  if (minVolume !== undefined) {
    if (form === 'formula') {
      report.error(at('minVolume'), 'a formula KPI has no rows to count: set minVolume on the KPIs it uses', 'key');
    } else if (form === 'growth') {
      report.error(
        at('minVolume'),
        'a growth KPI counts the rows of the KPI it names: set minVolume on that KPI',
        'key'
      );
    } else if (!(Number.isInteger(minVolume) && minVolume >= 1)) {
      report.error(at('minVolume'), `must be a whole number of at least 1, got ${minVolume}`);
    }
  }

  if (raw.compare !== undefined && form === 'growth') {
    report.error(at('compare'), 'a growth KPI compares the way the KPI it names does: set compare on that KPI', 'key');
  }
  return { pace, minVolume, compare: raw.compare };
}
