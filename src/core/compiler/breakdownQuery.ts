import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteIdent } from '../sql/quote';
import { Anchor, anchorSql } from './anchor';
import { assertFormulaDimension, canBreakDown } from './breakdownDimensions';
import { assertDimension, DimensionFilter } from './filters';
import { formulaBreakdownSql, KeyedRows } from './formulaBreakdown';
import { growthSql } from './growthSql';
import {
  inBounds,
  KpiSqlContext,
  kpiById,
  kpiRowConditions,
  kpiWindows,
  rowConditions,
  rowsKpi,
  valueAtSql,
} from './kpiSql';
import { measureSql, withCondition } from './measures';
import { fromClause, ROW, sourceOf, timeColumn, whereClause } from './sources';
import { targetSql } from './targets';
import type { RollupPlan } from '../rollup/plan';
import { rolledBreakdownSql } from '../rollup/breakdownRollup';
import { rollupValueSql } from '../rollup/read';

/** A KPI per value of one declared dimension, over its window at the anchor. */
export interface BreakdownRequest {
  kpiId: string;
  by: string;
  at: Anchor;
  filters?: DimensionFilter[];
  /** Rollups present in the database (core/rollup/probe.ts): a KPI they answer reads their closed hours. */
  rollups?: RollupPlan[];
}

/**
 * One statement returning `key, value, target, warning, critical` per dimension value (what is
 * in force at the anchor, so a panel colours the rows without evaluating the KPI again), keys ascending (byte order,
 * so the same everywhere) with the null key last. A growth KPI is its named KPI's growth per
 * key: both windows in one scan, each aggregate filtered to its window.
 */
export function compileBreakdown(catalog: Catalog, request: BreakdownRequest): string {
  return compileBreakdownPlan(catalog, request).sql;
}

/** compileBreakdown with the path the KPI takes (what `openkpi sql --by` prints). */
export function compileBreakdownPlan(catalog: Catalog, request: BreakdownRequest): { sql: string; path: string } {
  const kpi = kpiById(catalog, request.kpiId);
  const anchor = anchorSql(request.at);
  const inForce = targetSql(kpi, anchor, catalog.timezone);
  const thresholds = `${inForce.target} AS target, ${inForce.warning} AS warning, ${inForce.critical} AS critical`;
  /** A statement of `key, value` rows with the thresholds in force beside each, in key order. */
  const judgedKeyRows = (inner: string, alias: string) =>
    [`SELECT key, value, ${thresholds}`, `FROM (${inner}) ${alias}`, `ORDER BY key COLLATE "C" ASC NULLS LAST`].join(
      '\n'
    );
  if (kpi.measure.kind === 'formula') {
    assertFormulaDimension(catalog, kpi, request.by);
    const formula = formulaBreakdownSql(catalog, kpi, (operand) => operandRows(catalog, operand, request));
    const path = [`${kpi.id}: formula over ${formula.operands.length} KPIs`, ...formula.paths].join('; ');
    return { sql: judgedKeyRows(formula.sql, 'formula'), path };
  }
  const rows = keyedBreakdown(catalog, kpi, request);
  if (rows.rolled) {
    return { sql: judgedKeyRows(rows.sql, 'rolled'), path: rows.path };
  }
  const sql = [
    `SELECT ${rows.key} AS key, ${rows.value} AS value,`,
    `  ${thresholds}`,
    ...rows.rest,
    `ORDER BY ${rows.key} COLLATE "C" ASC NULLS LAST`,
  ].join('\n');
  return { sql, path: rows.path };
}

/** A formula's operand: broken down when some KPI it uses declares the dimension, taken whole otherwise. */
function operandRows(catalog: Catalog, operand: Kpi, request: BreakdownRequest): KeyedRows {
  return canBreakDown(catalog, operand, request.by)
    ? keyedBreakdown(catalog, operand, request)
    : wholeValue(catalog, operand, request);
}

/**
 * An operand that lacks the dimension: its value over its own window at the anchor, one row. A
 * filter on the broken-down dimension does not apply to it (it has no such column); the viewer's
 * other filters do, as they would to the operand alone. Read from a rollup where one answers it.
 */
function wholeValue(catalog: Catalog, operand: Kpi, request: BreakdownRequest): KeyedRows {
  const filters = (request.filters ?? []).filter((f) => f.dimension !== request.by);
  const ctx: KpiSqlContext = { catalog, filters };
  const anchor = anchorSql(request.at);
  const derived = operand.measure.kind === 'formula' || operand.measure.kind === 'growth';
  const rolled =
    derived || !request.rollups?.length
      ? undefined
      : rollupValueSql(catalog, operand, kpiWindows(ctx, operand, anchor).current, filters, request.rollups);
  const value = rolled ? rolled.sql : valueAtSql(ctx, operand, anchor, 'current');
  const read = rolled ? `rollup ${rolled.table}` : 'raw rows';
  return {
    sql: `SELECT ${value} AS value`,
    path: `${operand.id}: whole value (not by ${request.by}), ${read}`,
    whole: true,
  };
}

/** A row or growth KPI per dimension value: `key, value` rows (unordered), from a rollup or raw rows. */
interface KeyedBreakdown {
  /** The whole `SELECT key, value …` statement. */
  sql: string;
  path: string;
  rolled: boolean;
  /** For raw rows: the key and value expressions, and FROM … GROUP BY. */
  key: string;
  value: string;
  rest: string[];
}

function keyedBreakdown(catalog: Catalog, kpi: Kpi, request: BreakdownRequest): KeyedBreakdown {
  if (kpi.measure.kind === 'formula') {
    const formula = formulaBreakdownSql(catalog, kpi, (operand) => operandRows(catalog, operand, request));
    return { sql: formula.sql, path: formula.paths.join('; '), rolled: false, key: 'key', value: 'value', rest: [] };
  }
  const own = rowsKpi(catalog, kpi);
  if (own.measure.kind === 'formula' || own.measure.kind === 'growth') {
    throw new OpenKpiError(`KPI ${kpi.id}: growth of ${own.id} cannot be broken down`);
  }
  const source = sourceOf(catalog, own);
  assertDimension(own, source, request.by);
  const ctx: KpiSqlContext = { catalog, filters: request.filters ?? [] };
  const anchor = anchorSql(request.at);
  const windows = kpiWindows(ctx, own, anchor);
  const time = timeColumn(source);
  let value: string;
  let conditions: string[];
  if (kpi.measure.kind === 'growth') {
    const current = inBounds(source, windows.current).join(' AND ');
    const previous = inBounds(source, windows.previous).join(' AND ');
    value = growthSql(
      measureSql(withCondition(own.measure, current), time),
      measureSql(withCondition(own.measure, previous), time)
    );
    const rows = kpiRowConditions(ctx, own, source);
    conditions = [...rows.own, `((${current}) OR (${previous}))`, ...rows.filters];
  } else {
    value = measureSql(own.measure, time);
    conditions = rowConditions(ctx, own, source, windows.current);
  }
  const key = `${ROW}.${quoteIdent(request.by)}::text`;
  const rolled =
    kpi.measure.kind === 'growth' || !request.rollups?.length
      ? undefined
      : rolledBreakdownSql(catalog, own, source, request.by, windows.current, ctx.filters, request.rollups);
  if (rolled) {
    return {
      sql: rolled.sql,
      path: `${kpi.id}: rollup ${rolled.table} (closed hours; raw rows at the edges and after the last refresh)`,
      rolled: true,
      key: 'key',
      value: 'value',
      rest: [],
    };
  }
  const rest = [fromClause(source), whereClause(conditions), `GROUP BY 1`];
  const sql = [`SELECT ${key} AS key, ${value} AS value`, ...rest].join('\n');
  return { sql, path: `${kpi.id}: raw rows`, rolled: false, key, value, rest };
}
