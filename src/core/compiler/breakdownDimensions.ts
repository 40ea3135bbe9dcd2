import { formulaRefs } from '../catalog/formula';
import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { baseKpis, kpiById } from './kpiSql';
import { sourceOf } from './sources';

/**
 * The dimensions a KPI can be broken down by: those declared on the source of at least one KPI it
 * is computed from (itself; a growth KPI's named KPI; a formula's operands, transitively), in the
 * order they are first declared. A formula's operands that lack the chosen one are taken whole
 * (wholeOperands). The one answer for the CLI, the data source, the dashboards and the KPI page.
 */
export function breakdownDimensions(catalog: Catalog, kpi: Kpi): string[] {
  return [...new Set(baseKpis(catalog, kpi).flatMap((b) => sourceOf(catalog, b).dimensions))];
}

/** Whether the KPI can be broken down by `by` (see breakdownDimensions). */
export function canBreakDown(catalog: Catalog, kpi: Kpi, by: string): boolean {
  return breakdownDimensions(catalog, kpi).includes(by);
}

/**
 * The operands a formula's breakdown by `by` takes whole: each one none of whose KPIs declares
 * `by` adds its value over its own window to every row, the way a measure over an unrelated table
 * repeats its total in Power BI or Cube (docs/catalog.md: Breaking a formula down by a dimension).
 * An inner formula that can be broken down is looked into; one that cannot is named whole.
 */
export function wholeOperands(catalog: Catalog, kpi: Kpi, by: string): Kpi[] {
  if (kpi.measure.kind !== 'formula') {
    return [];
  }
  const whole = formulaRefs(kpi.measure.ast).flatMap((id) => {
    const operand = kpiById(catalog, id);
    return canBreakDown(catalog, operand, by) ? wholeOperands(catalog, operand, by) : [operand];
  });
  return [...new Map(whole.map((k) => [k.id, k])).values()];
}

/** What a breakdown says of an operand taken whole (CLI, panel notice, KPI page). */
export function wholeNote(operandId: string, by: string): string {
  return `${operandId} is not broken down by ${by}: its whole value is used on every row`;
}

/**
 * Fails unless some KPI a formula uses can be broken down by `by`: with none, every row would be
 * the same whole value and no key would say which rows there are.
 */
export function assertFormulaDimension(catalog: Catalog, formula: Kpi, by: string): void {
  if (canBreakDown(catalog, formula, by)) {
    return;
  }
  const uses = baseKpis(catalog, formula).map((b) => `${b.id} (source ${sourceOf(catalog, b).name})`);
  const offered = breakdownDimensions(catalog, formula);
  const instead = offered.length > 0 ? `it can be broken down by ${offered.join(', ')}` : 'it has no dimension';
  throw new OpenKpiError(
    `KPI ${formula.id} cannot be broken down by "${by}": none of the KPIs it uses declares that dimension (${uses.join(', ')}; ${instead})`
  );
}
