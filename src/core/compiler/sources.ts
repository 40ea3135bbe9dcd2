import { Catalog, Kpi, MANUAL_SOURCE, Source } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { ident } from './names';

/** The alias every compiled query gives a KPI's source rows; fragments refer to columns unqualified. */
export const ROW = 's';

/** The source a non-formula KPI reads from. */
export function sourceOf(catalog: Catalog, kpi: Kpi): Source {
  if (kpi.source === undefined) {
    throw new OpenKpiError(`KPI ${kpi.id} has no source`);
  }
  if (kpi.source === MANUAL_SOURCE.name) {
    return MANUAL_SOURCE;
  }
  const source = catalog.sources[kpi.source];
  if (!source) {
    throw new OpenKpiError(`KPI ${kpi.id}: unknown source ${kpi.source}`);
  }
  return source;
}

/** `FROM <table or (sql)> s`. */
export function fromClause(source: Source): string {
  const relation = source.sql !== undefined ? `(${source.sql})` : (source.table ?? []).map(ident).join('.');
  return `FROM ${relation} ${ROW}`;
}

/** The source's time column on the row alias. */
export function timeColumn(source: Source): string {
  return `${ROW}.${ident(source.time)}`;
}

/** Conditions that define a KPI's rows regardless of window: the manual KPI's own rows. */
export function ownRowsConditions(source: Source, kpi: Kpi): string[] {
  return source.manual ? [`${ROW}.kpi = ${quoteLiteral(kpi.id)}`] : [];
}

/** `WHERE a AND b …`, or nothing. */
export function whereClause(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}
