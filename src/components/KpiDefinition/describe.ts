import { formattedValueToString, getValueFormat } from '@grafana/data';
import { aggregateRule } from '../../core/rules/aggregates';
import { BREACH_WORD } from '../../core/rules/statusRule';
import { windowInWords } from '../../core/rules/windows';
import { warningIsTarget } from '../../core/rules/targets';
import type { AggregateMeasure, CatalogInstant, Direction, Kpi, Measure, WindowSpec } from '../../core/catalog/model';

/** Shown for a figure that has no value (no data, no target…). */
export const NONE = '–';

/**
 * A figure in the KPI's unit with Grafana's own unit formatters (`percent` → `96.2%`, `m` → `30 min`),
 * so the pages read like the panels.
 */
export function formatFigure(value: number | null | undefined, unit?: string, decimals?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return NONE;
  }
  return formattedValueToString(getValueFormat(unit ?? 'none')(value, decimals));
}

function where(filter?: string): string {
  return filter ? ` where ${filter}` : '';
}

function describeAggregate(m: AggregateMeasure): string {
  if (m.aggregate === 'count' && !m.expression) {
    return `count of rows${where(m.filter)}`;
  }
  return `${aggregateRule(m.aggregate).words} ${m.expression ?? 'rows'}${where(m.filter)}`;
}

/** The measure in words, e.g. `100 × (count of rows where status = 'ok') / (count of rows)`. */
export function describeMeasure(m: Measure): string {
  switch (m.kind) {
    case 'aggregate':
      return describeAggregate(m);
    case 'ratio': {
      const ratio = `(${describeAggregate(m.numerator)}) / (${describeAggregate(m.denominator)})`;
      return m.scale === 1 ? ratio : `${m.scale} × ${ratio}`;
    }
    case 'nps':
      return `Net Promoter Score of ${m.expression} (0–10 scores)${where(m.filter)}`;
    case 'formula':
      return `formula ${m.formula}`;
    case 'growth':
      return `growth of ${m.kpi} in % against its comparison window`;
  }
}

/** The window in words: `the last 7 days (7d)`, or `the month to date (Europe/Berlin)` (core/rules/windows.ts). */
export const describeWindow: (w: WindowSpec, timezone: string) => string = windowInWords;

/** `higher is better` / `lower is better`. */
export function describeDirection(d: Direction): string {
  return `${d} is better`;
}

/** A schedule entry's start as written in the catalog: a date (in the catalog zone) or a timestamp. */
export function describeInstant(i: CatalogInstant): string {
  return i.kind === 'date' ? i.date : i.iso;
}

/** The fixed target, the schedule's entries in short, or `none`. */
export function describeTarget(kpi: Kpi): string {
  if (kpi.targets && kpi.targets.length > 0) {
    return kpi.targets
      .map((t) => `${formatFigure(t.value, kpi.unit, kpi.decimals)} from ${describeInstant(t.from)}`)
      .join(', ');
  }
  return kpi.target === undefined ? 'none' : formatFigure(kpi.target, kpi.unit, kpi.decimals);
}

/** The thresholds in words, by core/rules (without thresholds, the target in force is the warning). */
export function describeThresholds(kpi: Kpi): string {
  const side = BREACH_WORD[kpi.direction];
  const fmt = (v: number) => formatFigure(v, kpi.unit, kpi.decimals);
  const t = kpi.thresholds;
  if (warningIsTarget(kpi) || !t) {
    return `warning ${side} the target in force; no critical threshold`;
  }
  const parts = [
    t.warning === undefined ? 'no warning threshold' : `warning ${side} ${fmt(t.warning)}`,
    t.critical === undefined ? 'no critical threshold' : `critical ${side} ${fmt(t.critical)}`,
  ];
  return parts.join(', ');
}

/**
 * The KPI in one sentence: "95th percentile of seconds over the last 30 days (30d), lower is
 * better, target 5 min". Pace and minimum volume, when set, are said too.
 */
export function describeKpi(kpi: Kpi, timezone: string): string {
  const parts = [
    `${describeMeasure(kpi.measure)} over ${describeWindow(kpi.window, timezone)}`,
    describeDirection(kpi.direction),
  ];
  const target = describeTarget(kpi);
  if (target !== 'none') {
    parts.push(`${kpi.targets && kpi.targets.length > 0 ? 'targets' : 'target'} ${target}`);
  }
  if (kpi.pace) {
    parts.push(`judged on pace toward the period target after ${Math.round(kpi.pace.after * 100)}% of it`);
  }
  if (kpi.minVolume !== undefined) {
    parts.push(`no verdict on fewer than ${kpi.minVolume} rows`);
  }
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
