import { aggregateRule } from '../rules/aggregates';
import { FormulaSyntaxError, parseFormula } from './formula';
import { AggregateMeasure, Measure } from './model';
import { Path } from './positions';
import { Report, compact } from './report';
import { RawAggregate, RawMeasure } from './schema';
import { Broken, NOTHING_BROKEN } from './schemaIssues';
import { checkSqlFragment } from './sqlFragment';

const FORMS = ['aggregate', 'ratio', 'nps', 'formula', 'growth'] as const;
/** Keys that only make sense with one form: `expression`/`filter` with aggregate, `scale` with ratio. */
const FORM_OF_KEY: Record<string, (typeof FORMS)[number]> = {
  expression: 'aggregate',
  filter: 'aggregate',
  scale: 'ratio',
};

/** The measure of a manual KPI that gives none: the latest value entered. */
export const MANUAL_DEFAULT_MEASURE: AggregateMeasure = { kind: 'aggregate', aggregate: 'last', expression: 'value' };

/** Checks an admin SQL fragment at `path`, if present. */
export function checkFragment(value: string | undefined, path: Path, report: Report): void {
  if (value !== undefined) {
    const problem = checkSqlFragment(value);
    if (problem) {
      report.error(path, problem);
    }
  }
}

/**
 * Semantic checks of a measure (docs/catalog.md, Measures); undefined when it cannot be converted.
 * Rules reading a `broken` field (one that failed its structural check) are skipped.
 */
export function validateMeasure(
  raw: RawMeasure,
  path: Path,
  report: Report,
  broken: Broken = NOTHING_BROKEN
): Measure | undefined {
  const forms = FORMS.filter((form) => raw[form] !== undefined);
  if (FORMS.some((form) => broken([...path, form]))) {
    // Which form this measure is cannot be told; check the parts that did parse.
    checkFragment(raw.expression, [...path, 'expression'], report);
    checkFragment(raw.filter, [...path, 'filter'], report);
    return undefined;
  }
  if (forms.length !== 1) {
    const found = forms.length === 0 ? 'none' : forms.join(' and ');
    report.error(path, `a measure is exactly one of aggregate, ratio, nps, formula or growth; found ${found}`);
    return undefined;
  }
  const form = forms[0];
  let ok = true;
  for (const [key, owner] of Object.entries(FORM_OF_KEY)) {
    if (raw[key as keyof RawMeasure] !== undefined && owner !== form) {
      report.error([...path, key], `"${key}" only goes with ${owner} measures; this one is ${form}`, 'key');
      ok = false;
    }
  }

  let measure: Measure | undefined;
  if (raw.aggregate !== undefined) {
    measure = validateAggregate(
      { aggregate: raw.aggregate, expression: raw.expression, filter: raw.filter },
      path,
      report,
      broken
    );
  } else if (raw.ratio !== undefined) {
    const numerator = validateAggregate(raw.ratio.numerator, [...path, 'ratio', 'numerator'], report, broken);
    const denominator = validateAggregate(raw.ratio.denominator, [...path, 'ratio', 'denominator'], report, broken);
    measure = numerator && denominator && { kind: 'ratio', numerator, denominator, scale: raw.scale ?? 1 };
  } else if (raw.nps !== undefined) {
    checkFragment(raw.nps.expression, [...path, 'nps', 'expression'], report);
    checkFragment(raw.nps.filter, [...path, 'nps', 'filter'], report);
    measure = compact({ kind: 'nps' as const, expression: raw.nps.expression, filter: raw.nps.filter });
  } else if (raw.formula !== undefined) {
    try {
      measure = { kind: 'formula', formula: raw.formula, ast: parseFormula(raw.formula) };
    } catch (e) {
      if (!(e instanceof FormulaSyntaxError)) {
        throw e;
      }
      report.error([...path, 'formula'], `invalid formula: ${e.message}`);
    }
  } else if (raw.growth !== undefined) {
    // Whether the named KPI exists and may be named is a cross-KPI rule (validateGrowth.ts).
    measure = { kind: 'growth', kpi: raw.growth.kpi };
  }
  return ok ? measure : undefined;
}

function validateAggregate(
  raw: RawAggregate,
  path: Path,
  report: Report,
  broken: Broken
): AggregateMeasure | undefined {
  checkFragment(raw.expression, [...path, 'expression'], report);
  checkFragment(raw.filter, [...path, 'filter'], report);
  if (broken([...path, 'expression'])) {
    return undefined;
  }
  if (raw.expression === undefined && aggregateRule(raw.aggregate).needsExpression) {
    report.error([...path, 'expression'], `aggregate "${raw.aggregate}" needs an expression`);
    return undefined;
  }
  return compact({
    kind: 'aggregate' as const,
    aggregate: raw.aggregate,
    expression: raw.expression,
    filter: raw.filter,
  });
}
