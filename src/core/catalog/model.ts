/**
 * The catalog model: what a validated catalog looks like once parsed (docs/catalog.md).
 * Parsing and validation live in `parse.ts` / `validate.ts`; everything downstream
 * (compiler, data source, generators, CLI) reads only these types.
 */

import type { AggregateName } from '../rules/aggregates';
import type { CalendarUnit, RollingUnit, WindowSpec } from '../rules/windows';

// The aggregate list and the window kinds are registries in core/rules: the types come from there.
export type { AggregateName, CalendarUnit, RollingUnit, WindowSpec };

/** `{aggregate, expression?, filter?}`: one aggregate over the source rows of the window. */
export interface AggregateMeasure {
  kind: 'aggregate';
  aggregate: AggregateName;
  /** Admin-written SQL expression over source columns; absent only for `count`. */
  expression?: string;
  /** Admin-written SQL boolean, ANDed with the KPI filter for this aggregate only. */
  filter?: string;
}

/** `S × numerator / denominator`; null when the denominator is 0 or null. */
export interface RatioMeasure {
  kind: 'ratio';
  numerator: AggregateMeasure;
  denominator: AggregateMeasure;
  scale: number;
}

/** Net Promoter Score over 0–10 scores: % promoters (≥ 9) − % detractors (≤ 6). */
export interface NpsMeasure {
  kind: 'nps';
  expression: string;
  filter?: string;
}

/** Arithmetic over other KPIs of the same catalog, each with its own window. */
export interface FormulaMeasure {
  kind: 'formula';
  formula: string;
  /** The parsed formula. */
  ast: FormulaNode;
}

/**
 * `{growth: {kpi}}`: 100 × (value − previous) / |previous| of another KPI, at the same instant,
 * with that KPI's window and comparison period (docs/catalog.md: Comparison period, Growth KPIs). The named KPI is neither a growth
 * nor a formula KPI.
 */
export interface GrowthMeasure {
  kind: 'growth';
  kpi: string;
}

export type Measure = AggregateMeasure | RatioMeasure | NpsMeasure | FormulaMeasure | GrowthMeasure;

/** Measures computed by one aggregate expression over source rows (not formula, not growth). */
export type RowMeasure = Exclude<Measure, { kind: 'formula' } | { kind: 'growth' }>;

/** A parsed formula: numbers, KPI references and `+ - * /` (with unary minus). */
export type FormulaNode =
  | { type: 'number'; value: number }
  | { type: 'ref'; kpi: string }
  | { type: 'neg'; operand: FormulaNode }
  | { type: 'binary'; op: '+' | '-' | '*' | '/'; left: FormulaNode; right: FormulaNode };

/** A table/view or an admin-written SELECT; `manual` is the built-in measurement table. */
export interface Source {
  name: string;
  /** Schema-qualified parts, e.g. `['portal', 'provisioning_runs']`. Exactly one of table/sql. */
  table?: string[];
  sql?: string;
  /** The timestamptz column. */
  time: string;
  dimensions: string[];
  /** Milliseconds; data older than this at evaluation time is stale. */
  freshnessMs?: number;
  /** The original freshness text, e.g. `15m`. */
  freshness?: string;
  /** True for the built-in `manual` source. */
  manual?: boolean;
}

/** An instant written in the catalog: a date (start of that day in the catalog zone) or a timestamp. */
export type CatalogInstant = { kind: 'date'; date: string } | { kind: 'timestamp'; iso: string };

export interface TargetEntry {
  from: CatalogInstant;
  value: number;
  warning?: number;
  critical?: number;
}

export type Direction = 'higher' | 'lower';

/** Which window `previous` (and change) compares with (docs/catalog.md: Comparison period, Growth KPIs). */
export type Compare = 'previous' | 'year';

/** Pace toward a period target (docs/catalog.md: Pace): calendar window, count or sum measure. */
export interface Pace {
  /** No verdict (`pending`) while less than this share of the period has elapsed; in [0, 1). */
  after: number;
}

/** `pace.after` when `pace: {}` gives none. */
export const DEFAULT_PACE_AFTER = 0.2;

export interface Kpi {
  id: string;
  name: string;
  description?: string;
  area?: string;
  owner?: string;
  tags: string[];
  unit?: string;
  decimals?: number;
  /** The source name; `manual` for the built-in source; absent for formula and growth KPIs. */
  source?: string;
  filter?: string;
  /** The KPI's window; a growth KPI's is its named KPI's. */
  window: WindowSpec;
  measure: Measure;
  /** Judge the projection to the period end, not the to-date value (docs/catalog.md: Pace). */
  pace?: Pace;
  /** Fewer rows than this in the current window gives `low_volume` (docs/catalog.md: Minimum volume). */
  minVolume?: number;
  /** The comparison window of `previous`; absent means `previous` (docs/catalog.md: Comparison period, Growth KPIs). */
  compare?: Compare;
  direction: Direction;
  /** A fixed target (`target: 95`), or none. */
  target?: number;
  /** A target schedule, in catalog order (validated ascending by `from`). */
  targets?: TargetEntry[];
  thresholds?: { warning?: number; critical?: number };
  /** Alerting options, read by the alert-rule generator (e.g. `for: 15m`). */
  alert?: { for?: string; enabled?: boolean };
  /** Percentiles and distinct counts may come from rollup sketches (docs/rollups.md); default: the catalog's. */
  approximate?: boolean;
}

/** A key result: one KPI brought from a baseline to a target by a due date (docs/objectives.md). */
export interface KeyResult {
  /** A KPI id of the same catalog. */
  kpi: string;
  /** The target; absent: the KPI's target in force at `by`. */
  target?: number;
  /** Due: a date (start of that day in the catalog zone) or a timestamp, after the objective's `from`. */
  by: CatalogInstant;
  /** The starting value; absent: the KPI's value at the objective's `from`. */
  baseline?: number;
}

/** An objective and its key results (docs/objectives.md). */
export interface Objective {
  id: string;
  title: string;
  owner?: string;
  description?: string;
  /** Start: a date (start of that day in the catalog zone) or a timestamp. */
  from: CatalogInstant;
  keyResults: KeyResult[];
}

export interface Catalog {
  apiVersion: 'openkpi/v1';
  name: string;
  title?: string;
  timezone: string;
  sources: Record<string, Source>;
  kpis: Kpi[];
  /** Objectives and key results over the KPIs, in catalog order; absent when the catalog has none. */
  objectives?: Objective[];
  /** Catalog-wide alerting choices (docs/catalog.md `alerting`). */
  alerting?: CatalogAlerting;
  /** Default of every KPI's `approximate` (docs/rollups.md). */
  approximate?: boolean;
}

/** Severities of OpenKPI's alert rules (`severity` label). */
export type Severity = 'critical' | 'warning' | 'info' | 'stale';

export interface CatalogAlerting {
  /** The Grafana contact point (by name) each severity's rules notify; unset: the org's policy tree routes them. */
  contactPoints?: Partial<Record<Severity, string>>;
}

/** The built-in manual source (docs/catalog.md). */
export const MANUAL_SOURCE: Source = {
  name: 'manual',
  table: ['openkpi', 'measurement'],
  time: 'time',
  dimensions: [],
  manual: true,
};
