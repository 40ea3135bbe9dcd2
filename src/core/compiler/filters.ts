import { Kpi, Source } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { ident } from './names';
import { ROW } from './sources';

/** Viewer-chosen values of a declared dimension (template variables, dashboard filters). */
export interface DimensionFilter {
  dimension: string;
  values: string[];
}

/** Fails unless `dimension` is declared on the KPI's source. */
export function assertDimension(kpi: Kpi, source: Source, dimension: string): void {
  if (!source.dimensions.includes(dimension)) {
    const declared = source.dimensions.length > 0 ? source.dimensions.join(', ') : 'none';
    throw new OpenKpiError(
      `KPI ${kpi.id}: dimension "${dimension}" is not declared on source ${source.name} (declared: ${declared})`
    );
  }
}

/**
 * SQL conditions for dimension filters. Values are viewer input: each one becomes a quoted
 * literal, compared as text so numeric dimensions match too; no values matches nothing.
 */
export function filterConditions(kpi: Kpi, source: Source, filters: DimensionFilter[] = []): string[] {
  return filters.map((f) => {
    assertDimension(kpi, source, f.dimension);
    if (f.values.length === 0) {
      return 'false';
    }
    return `${ROW}.${ident(f.dimension)}::text IN (${f.values.map(quoteLiteral).join(', ')})`;
  });
}
