/**
 * The KPI query model: what a panel saves, shared by the data source (runs it), the editor and
 * the dashboard generators (write it). Defaults in defaults.ts, migration of old versions in migrate.ts.
 */
import type { DataQuery } from '@grafana/schema';

/** The version written into every saved query; bump it together with a step in `migrate.ts`. */
export const QUERY_VERSION = 1;

/** The four kinds of query the editor offers; the `queryType` field keys the `KpiQuery` union. */
export type KpiQueryType = 'kpi' | 'scorecard' | 'trend' | 'breakdown' | 'objectives' | 'backtest';

/** A dimension filter as saved in a query: values may be template variables (`$team`). */
export interface QueryFilter {
  /** A dimension declared on the KPI's source. */
  dimension: string;
  /** Viewer values or variables; always quoted as SQL literals by the core. */
  values: string[];
}

/**
 * Which KPIs a query covers. Every entry may be a template variable. A KPI is selected when its
 * id is listed, or its area / owner / one of its tags is; an empty selector selects every KPI.
 */
export interface KpiSelector {
  kpis: string[];
  areas: string[];
  owners: string[];
  tags: string[];
}

interface BaseKpiQuery extends DataQuery, KpiSelector {
  /** Model version of the saved query (see `migrate.ts`). */
  version: number;
  filters: QueryFilter[];
}

/**
 * The figures a KPI query can return, in the frame's default field order. The pace figures
 * (elapsedShare, projected, expectedToDate) exist only for paced KPIs and `volume` only for KPIs
 * with a minimum volume (docs/catalog.md: Pace, Minimum volume); other KPIs' frames leave them out.
 */
export const KPI_FIGURES = [
  'value',
  'target',
  'status',
  'attainment',
  'previous',
  'change',
  'changePercent',
  'elapsedShare',
  'projected',
  'expectedToDate',
  'volume',
] as const;

/** One figure of a KPI query's frame (the field's name). */
export type KpiFigure = (typeof KPI_FIGURES)[number];

/** The figures a paced KPI can show as its headline: to-date value, projection, expected to date. */
export const PACE_FIGURES = ['value', 'projected', 'expectedToDate'] as const;

export type PaceFigure = (typeof PACE_FIGURES)[number];

/** Value, target, status, attainment, previous and change of each selected KPI, one frame per KPI. */
export interface KpiValueQuery extends BaseKpiQuery {
  queryType: 'kpi';
  /**
   * Only these fields, in this order (absent or empty: all). Lets a Stat panel show exactly the
   * figures it wants without matching field names, which Grafana matches on display names.
   */
  figures?: KpiFigure[];
  /**
   * Paced KPIs: which figure the `value` field carries, coloured by the KPI's status (absent: the
   * to-date value). A Stat panel showing the value then shows the projection or the expected
   * to-date value instead; KPIs without pace ignore it.
   */
  pace?: PaceFigure;
}

/** One table, one row per KPI, every figure a column, most severe status first. */
export interface ScorecardQuery extends BaseKpiQuery {
  queryType: 'scorecard';
}

export type TrendMode = 'trend' | 'buckets';

/** A time series per KPI over the dashboard range. */
export interface TrendQuery extends BaseKpiQuery {
  queryType: 'trend';
  /** `trend`: the KPI with its own window at each bucket end; `buckets`: the measure per bucket. */
  mode: TrendMode;
  /** `auto` (from the panel interval), a rolling step (`1h`, `7d`) or a calendar step (`week`, `month`). */
  step: string;
  /** Also return the target in force at each point (a line that follows a schedule); default true. */
  targetLine?: boolean;
}

/** The KPI per value of a declared dimension, one frame per KPI. */
export interface BreakdownQuery extends BaseKpiQuery {
  queryType: 'breakdown';
  /** The dimension to group by; may be a template variable. */
  by: string;
}

/**
 * The catalog's objectives at the range end: one table, one row per key result with its
 * objective, sorted by objective title. The KPI selector does not apply.
 */
export interface ObjectivesQuery extends BaseKpiQuery {
  queryType: 'objectives';
  /** Objective ids (may be template variables); empty: every objective. */
  objectives: string[];
}

/** The status the KPI would have had at each step of the range (a backtest), as a state timeline. */
export interface BacktestQuery extends BaseKpiQuery {
  queryType: 'backtest';
  /** `auto` (from the panel interval), a rolling or a calendar step. */
  step: string;
  /** Thresholds to try instead of the catalog's; absent: the catalog's. */
  warning?: number;
  critical?: number;
}

export type KpiQuery = KpiValueQuery | ScorecardQuery | TrendQuery | BreakdownQuery | ObjectivesQuery | BacktestQuery;
