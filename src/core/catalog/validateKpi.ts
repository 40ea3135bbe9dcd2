import { parseDuration, parseWindow } from './duration';
import { Kpi, MANUAL_SOURCE, Measure, WindowSpec } from './model';
import { Path } from './positions';
import { NAME, Report, compact } from './report';
import { RawKpi } from './schema';
import { MANUAL_DEFAULT_MEASURE, checkFragment, validateMeasure } from './validateMeasure';
import { validateTargets } from './validateTargets';

/** A KPI before cross-KPI checks: a formula KPI's window may still come from its operands. */
export type KpiDraft = Omit<Kpi, 'window' | 'measure'> & { window?: WindowSpec; measure?: Measure };

export interface KpiContext {
  /** Names of the declared sources (the built-in `manual` is always allowed). */
  sources: ReadonlySet<string>;
  timezone: string;
}

/** The window of a manual KPI that gives none: values are entered rarely, so look back a year. */
export const MANUAL_DEFAULT_WINDOW = '365d';

const WINDOW_HINT = 'use <N>m, <N>h, <N>d, <N>w (N a positive integer) or day, week, month, quarter, year';

/** Semantic checks of one structurally valid KPI (everything that needs only this KPI). */
export function validateKpi(raw: RawKpi, path: Path, ctx: KpiContext, report: Report): KpiDraft {
  const at = (...rest: Array<string | number>): Path => [...path, ...rest];
  if (!NAME.test(raw.id)) {
    report.error(at('id'), `invalid KPI id "${raw.id}": use lower-case letters, digits and _, starting with a letter`);
  }
  if (raw.name.trim() === '') {
    report.error(at('name'), 'must not be empty');
  }

  const isManual = raw.source === MANUAL_SOURCE.name;
  const isFormula = raw.measure?.formula !== undefined;
  if (isFormula) {
    if (raw.source !== undefined) {
      report.error(at('source'), 'a formula KPI has no source: each KPI it uses reads its own', 'key');
    }
    if (raw.filter !== undefined) {
      report.error(at('filter'), 'a formula KPI has no filter: filter the KPIs it uses', 'key');
    }
  } else if (raw.source === undefined) {
    report.error(at('source'), 'missing required key "source"');
  } else if (!isManual && !ctx.sources.has(raw.source)) {
    const declared = [...[...ctx.sources].filter((n) => n !== MANUAL_SOURCE.name), 'manual (built-in)'].join(', ');
    report.error(at('source'), `unknown source "${raw.source}"; declared: ${declared}`);
  }
  checkFragment(raw.filter, at('filter'), report);

  let measure: Measure | undefined;
  if (raw.measure !== undefined) {
    measure = validateMeasure(raw.measure, at('measure'), report);
  } else if (isManual) {
    measure = { ...MANUAL_DEFAULT_MEASURE };
  } else {
    report.error(at('measure'), 'missing required key "measure"');
  }

  let window: WindowSpec | undefined;
  if (raw.window !== undefined) {
    window = parseWindow(raw.window);
    if (!window) {
      report.error(at('window'), `invalid window "${raw.window}": ${WINDOW_HINT}`);
    }
  } else if (isManual) {
    window = parseWindow(MANUAL_DEFAULT_WINDOW);
  } else if (!isFormula) {
    report.error(at('window'), 'missing required key "window"');
  }

  if (raw.decimals !== undefined && !(Number.isInteger(raw.decimals) && raw.decimals >= 0 && raw.decimals <= 10)) {
    report.error(at('decimals'), `must be a whole number from 0 to 10, got ${raw.decimals}`);
  }
  if (raw.alert?.for !== undefined && parseDuration(raw.alert.for) === undefined) {
    report.error(at('alert', 'for'), `invalid duration "${raw.alert.for}": use <N>m, <N>h, <N>d or <N>w`);
  }

  const direction = raw.direction ?? 'higher';
  const targets = validateTargets(raw, direction, ctx.timezone, path, report);

  return compact({
    id: raw.id,
    name: raw.name,
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
    alert: raw.alert,
  });
}
