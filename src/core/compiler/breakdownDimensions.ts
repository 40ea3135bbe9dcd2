import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { baseKpis } from './kpiSql';
import { sourceOf } from './sources';

/**
 * The dimensions a KPI can be broken down by: those declared on the source of every KPI it is
 * computed from (itself; a growth KPI's named KPI; a formula's operands, transitively), in the
 * order of the first one's source.
 */
export function breakdownDimensions(catalog: Catalog, kpi: Kpi): string[] {
  const [first, ...rest] = baseKpis(catalog, kpi).map((b) => sourceOf(catalog, b).dimensions);
  return (first ?? []).filter((d) => rest.every((dims) => dims.includes(d)));
}

/**
 * Fails, naming the operand, unless every KPI a formula uses can be broken down by `by`: a row
 * per dimension value needs that value's figure from each operand (a formula does not spread
 * one operand's total over another's rows).
 */
export function assertFormulaDimension(catalog: Catalog, formula: Kpi, by: string): void {
  const missing = baseKpis(catalog, formula).find((b) => !sourceOf(catalog, b).dimensions.includes(by));
  if (missing) {
    const source = sourceOf(catalog, missing);
    throw new OpenKpiError(
      `KPI ${formula.id} cannot be broken down by "${by}": the KPI it uses ${missing.id} (source ${source.name}) does not declare that dimension`
    );
  }
}
