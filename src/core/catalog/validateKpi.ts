import { isSketched, sketchedInWords } from '../rules/aggregates';
import { rollingHint, WINDOW_HINT } from '../rules/windows';
import { parseDuration, parseWindow, rollingTooLong } from './duration';
import { Kpi, MANUAL_SOURCE, Measure, WindowSpec } from './model';
import { Path } from './positions';
import { NAME, Report, compact } from './report';
import { RawKpi } from './schema';
import { Broken, NOTHING_BROKEN } from './schemaIssues';
import { MANUAL_DEFAULT_MEASURE, checkFragment, validateMeasure } from './validateMeasure';
import { KpiForm, validateJudging } from './validateJudging';
import { validateTargets } from './validateTargets';

/** A KPI before cross-KPI checks: a formula KPI's window may still come from its operands. */
export type KpiDraft = Omit<Kpi, 'window' | 'measure'> & { window?: WindowSpec; measure?: Measure };

export interface KpiContext {
  /** Names of the declared sources (the built-in `manual` is always allowed). */
  sources: ReadonlySet<string>;
  timezone: string;
}

/** Whether a measure has a part that a rollup sketch may answer (a percentile or a distinct count). */
function sketchable(m: Measure): boolean {
  switch (m.kind) {
    case 'aggregate':
      return isSketched(m.aggregate);
    case 'ratio':
      return isSketched(m.numerator.aggregate) || isSketched(m.denominator.aggregate);
    default:
      return false;
  }
}

/** The window of a manual KPI that gives none: values are entered rarely, so look back a year. */
export const MANUAL_DEFAULT_WINDOW = '365d';

/**
 * Semantic checks of one KPI (everything that needs only this KPI). `raw` holds the fields
 * that passed their structural check; a rule reading a `broken` field is skipped, since
 * that field's problem is already reported and the rule would only add a second one.
 */
export function validateKpi(
  raw: Partial<RawKpi>,
  path: Path,
  ctx: KpiContext,
  report: Report,
  broken: Broken = NOTHING_BROKEN
): KpiDraft {
  const at = (...rest: Array<string | number>): Path => [...path, ...rest];
  if (raw.id !== undefined && !NAME.test(raw.id)) {
    report.error(at('id'), `invalid KPI id "${raw.id}": use lower-case letters, digits and _, starting with a letter`);
  }
  if (raw.name !== undefined && raw.name.trim() === '') {
    report.error(at('name'), 'must not be empty');
  }

  const isManual = raw.source === MANUAL_SOURCE.name;
  const isFormula = raw.measure?.formula !== undefined;
  const isGrowth = raw.measure?.growth !== undefined;
  const form: KpiForm = isFormula ? 'formula' : isGrowth ? 'growth' : 'rows';
  // Whether this is a formula or growth KPI is unknown when the measure (or that part) did not parse.
  const formKnown = !broken(at('measure', 'formula')) && !broken(at('measure', 'growth'));
  if (isFormula) {
    if (raw.source !== undefined) {
      report.error(at('source'), 'a formula KPI has no source: each KPI it uses reads its own', 'key');
    }
    if (raw.filter !== undefined) {
      report.error(at('filter'), 'a formula KPI has no filter: filter the KPIs it uses', 'key');
    }
  } else if (isGrowth) {
    if (raw.source !== undefined) {
      report.error(at('source'), 'a growth KPI has no source: it reads the KPI it names', 'key');
    }
    if (raw.filter !== undefined) {
      report.error(at('filter'), 'a growth KPI has no filter: filter the KPI it names', 'key');
    }
  } else if (raw.source === undefined) {
    if (formKnown && !broken(at('source'))) {
      report.error(at('source'), 'missing required key "source"');
    }
  } else if (!isManual && !ctx.sources.has(raw.source)) {
    const declared = [...[...ctx.sources].filter((n) => n !== MANUAL_SOURCE.name), 'manual (built-in)'].join(', ');
    report.error(at('source'), `unknown source "${raw.source}"; declared: ${declared}`);
  }
  checkFragment(raw.filter, at('filter'), report);

  let measure: Measure | undefined;
  if (raw.measure !== undefined) {
    measure = validateMeasure(raw.measure, at('measure'), report, broken);
  } else if (isManual) {
    measure = { ...MANUAL_DEFAULT_MEASURE };
  } else if (!broken(at('measure'))) {
    report.error(at('measure'), 'missing required key "measure"');
  }

  let window: WindowSpec | undefined;
  if (isGrowth) {
    if (raw.window !== undefined) {
      report.error(
        at('window'),
        'a growth KPI has no window of its own: it uses the window of the KPI it names',
        'key'
      );
    }
    // Set from the named KPI by validateGrowth.
  } else if (raw.window !== undefined) {
    window = parseWindow(raw.window);
    if (!window) {
      report.error(at('window'), `invalid window ${rollingTooLong(raw.window) ?? `"${raw.window}": ${WINDOW_HINT}`}`);
    }
  } else if (isManual) {
    window = parseWindow(MANUAL_DEFAULT_WINDOW);
  } else if (!isFormula && formKnown && !broken(at('window'))) {
    report.error(at('window'), 'missing required key "window"');
  }

  if (raw.decimals !== undefined && !(Number.isInteger(raw.decimals) && raw.decimals >= 0 && raw.decimals <= 10)) {
    report.error(at('decimals'), `must be a whole number from 0 to 10, got ${raw.decimals}`);
  }
  if (raw.alert?.for !== undefined && parseDuration(raw.alert.for) === undefined) {
    const why = rollingTooLong(raw.alert.for) ?? `"${raw.alert.for}": use ${rollingHint('or')}`;
    report.error(at('alert', 'for'), `invalid duration ${why}`);
  }

  if (raw.approximate === true && measure !== undefined && !sketchable(measure)) {
    report.error(
      at('approximate'),
      `approximate: true applies to ${sketchedInWords()} measures; this measure is exact from a rollup`
    );
  }

  const direction = raw.direction ?? 'higher';
  const targets = validateTargets(raw, direction, ctx.timezone, path, report, broken);
  const judging = validateJudging(raw, form, window, measure, path, report, broken);

  return compact({
    // Only returned in a catalog when nothing was reported, so id and name are set by then.
    id: raw.id ?? '',
    name: raw.name ?? '',
    description: raw.description,
    area: raw.area,
    owner: raw.owner,
    tags: raw.tags ?? [],
    unit: raw.unit,
    decimals: raw.decimals,
    source: raw.source,
    filter: raw.filter,
    window,
    measure,
    direction,
    ...targets,
    ...judging,
    alert: raw.alert,
    approximate: raw.approximate,
  });
}
