import type { Catalog, Kpi, Source } from '../catalog/model';
import { quoteIdent, quoteLiteral } from '../sql/quote';
import { digest } from '../sql/digest';
import { fromClause, ROW, sourceOf, timeColumn } from '../compiler/sources';
import { isSketch, measurePlan, PartialDef, partialKey, partialSql, SketchDef } from './partials';
import type { HllTable } from './hllExtension';
import { ddKeySql, hllKeySql, packSketchSql, SKETCH_COLUMNS, unpackSketchSql } from './sketches';

/** The rollup of one source: what `openkpi rollup` maintains and the compiler reads. */
export interface RollupPlan {
  catalog: string;
  source: Source;
  /** `openkpi.<name>`: one row per hour, grouping set and dimension value; one column per partial. */
  table: string[];
  /**
   * `openkpi.<name>_sketches`: one row per hour, set, value and sketch partial holding the whole
   * sketch (sketches.ts: histogram `k`/`n` arrays, HyperLogLog `regs`).
   */
  sketchTable: string[];
  /**
   * `openkpi.<name>_sketch_days`: the sketch table's columns with `day` (UTC day start) for
   * `hour`, one row per whole closed day: the merge of that day's 24 hourly sketch rows.
   */
  dayTable: string[];
  /**
   * `openkpi.<name>_hll`, its day rows `_hll_days` and the `hll` extension's schema, when the probe found them (hllExtension.ts):
   * distinct counts then union the extension's sketches. Absent otherwise (and in rollupPlans).
   */
  hll?: HllTable;
  /** Version 1's sketch table (a row per bucket or register), dropped when the rollup is rebuilt. */
  legacySketchTable: string[];
  columns: Array<{ name: string; def: PartialDef }>;
  sketches: Array<{ id: number; def: SketchDef }>;
  /** KPIs this rollup answers. */
  kpis: string[];
  /** Digest of everything above: a changed catalog means a rebuilt table, never a misread one. */
  definition: string;
}

export const SCHEMA = 'openkpi';
export const STATE_TABLE = [SCHEMA, 'rollup_state'];
/**
 * Bumped whenever the tables' shape changes: the definition digest changes with it, so readers
 * ignore a table of the old shape (raw rows) until `openkpi rollup` rebuilds it. 2: whole sketches
 * per row in `_sketches` (1 had a row per bucket or register in `_sketch`). 3: the daily sketch
 * tier `_sketch_days`.
 */
const VERSION = 3;

/** Hour start of an instant, independent of the session time zone. */
export function floorHour(t: string): string {
  return `to_timestamp(floor(extract(epoch FROM ${t}) / 3600) * 3600)`;
}

/** The first hour start at or after an instant. */
export function ceilHour(t: string): string {
  return `to_timestamp(ceil(extract(epoch FROM ${t}) / 3600) * 3600)`;
}

/** UTC day start of an instant, independent of the session time zone. */
export function floorDay(t: string): string {
  return `to_timestamp(floor(extract(epoch FROM ${t}) / 86400) * 86400)`;
}

/** The first UTC day start at or after an instant. */
export function ceilDay(t: string): string {
  return `to_timestamp(ceil(extract(epoch FROM ${t}) / 86400) * 86400)`;
}

/**
 * The instant before which a rollup table is closed (whole hours aggregated), or NULL when the
 * state table has no row of this rollup's definition for it (never refreshed, or of another
 * catalog version). `table`: the partials table (default) or another table of the rollup with a
 * state row of its own (the hll table).
 */
export function closedBeforeSql(plan: RollupPlan, table = plan.table[1]): string {
  return `(SELECT closed_before FROM ${quoteIdent(STATE_TABLE)} WHERE table_name = ${quoteLiteral(table)} AND definition = ${quoteLiteral(plan.definition)})`;
}

/**
 * The end of the closed whole hours a window `[lo…, to)` may read (`lo` its first whole hour):
 * the hour `to` falls in, or the closed boundary if earlier, never before `lo`.
 */
export function closedHoursEndSql(lo: string, to: string, closed: string): string {
  return `greatest(${lo}, least(${floorHour(to)}, coalesce(${closed}, '-infinity'::timestamptz)))`;
}

/**
 * The raw rows of a window `w` (columns `wf`, `wt`, `lo`, `hi`) that its closed whole hours
 * `[lo, hi)` leave out: the ragged start, and everything from `hi` (the last partial hour, and
 * what the rollup has not closed yet) to the window's end.
 */
export function rawEdgesSql(t: string, w: string): string {
  return `((${t} >= ${w}.wf AND ${t} < least(${w}.lo, ${w}.wt)) OR (${t} >= ${w}.hi AND ${t} < ${w}.wt))`;
}

/**
 * The window rows of `inner` (columns `wf`, `wt`, `lo`, `hi`: its closed whole hours `[lo, hi)`)
 * with the whole UTC days among those hours, `[dlo, dhi)` (empty when there is none): the days a
 * sketch reads from day rows, every hour of them being closed.
 */
export function withWholeDaysSql(inner: string): string {
  return `SELECT wf, wt, lo, hi, dlo, greatest(dlo, ${floorDay('hi')}) AS dhi
    FROM (SELECT wf, wt, lo, hi, least(hi, ${ceilDay('lo')}) AS dlo FROM (${inner}) d) e`;
}

/**
 * The ranges of rollup rows `r` that cover a window `w`'s closed hours (withWholeDaysSql): hourly
 * rows up to the first whole day, day rows for the whole days, hourly rows after the last.
 */
export function hourAndDayRanges(w: string): Array<{ days: boolean; range: string[] }> {
  return [
    { days: false, range: [`r.hour >= ${w}.lo`, `r.hour < ${w}.dlo`] },
    { days: true, range: [`r.day >= ${w}.dlo`, `r.day < ${w}.dhi`] },
    { days: false, range: [`r.hour >= ${w}.dhi`, `r.hour < ${w}.hi`] },
  ];
}

/**
 * The whole UTC days whose day rows a refresh merges again after re-aggregating the hours
 * `[lo, hi)` (SQL instants): from the day of the first hour to the last whole day before `hi`.
 */
export function touchedDaysSql(lo: string, hi: string): [string, string] {
  return [floorDay(lo), floorDay(hi)];
}

/** A dimension as the rollup stores it: text, as dimension filters compare. */
export function dimensionSql(dimension: string): string {
  return `(${ROW}.${quoteIdent(dimension)})::text`;
}

/**
 * `GROUPING(d…)` of the set that keeps only `dimension` (or none): a bit per dimension, 1 when
 * the dimension is rolled up, first dimension highest (PostgreSQL's order).
 */
export function groupingBits(source: Source, dimension?: string): number {
  const n = source.dimensions.length;
  const all = 2 ** n - 1;
  if (dimension === undefined) {
    return all;
  }
  return all - 2 ** (n - 1 - source.dimensions.indexOf(dimension));
}

function tableName(catalog: Catalog, source: Source): string {
  const base = `rollup_${catalog.name.replace(/-/g, '_')}__${source.name}`;
  // PostgreSQL names are at most 63 bytes; `_sketch_days` (12 bytes, the longest suffix) is added
  // to the third table.
  return base.length <= 50 ? base : `${base.slice(0, 41)}_${digest(base).slice(0, 8)}`;
}

/** The rollup of every source that at least one KPI can read from partials. */
export function rollupPlans(catalog: Catalog): RollupPlan[] {
  const bySource = new Map<string, { source: Source; kpis: Kpi[] }>();
  for (const kpi of catalog.kpis) {
    if (kpi.measure.kind === 'formula' || kpi.source === undefined) {
      continue;
    }
    const source = sourceOf(catalog, kpi);
    if (measurePlan(catalog, kpi, source)) {
      const entry = bySource.get(source.name) ?? { source, kpis: [] };
      entry.kpis.push(kpi);
      bySource.set(source.name, entry);
    }
  }
  return [...bySource.values()].map(({ source, kpis }) => {
    const defs = new Map<string, PartialDef>();
    kpis.forEach((k) => measurePlan(catalog, k, source)!.partials.forEach((d) => defs.set(partialKey(d), d)));
    const sorted = [...defs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, d]) => d);
    const columns = sorted.filter((d) => !isSketch(d)).map((def, i) => ({ name: `p${i}`, def }));
    const sketches = sorted.filter(isSketch).map((def, i) => ({ id: i, def }));
    const name = tableName(catalog, source);
    const identity = { VERSION, source, columns, sketches };
    return {
      catalog: catalog.name,
      source,
      table: [SCHEMA, name],
      sketchTable: [SCHEMA, `${name}_sketches`],
      dayTable: [SCHEMA, `${name}_sketch_days`],
      legacySketchTable: [SCHEMA, `${name}_sketch`],
      columns,
      sketches,
      kpis: kpis.map((k) => k.id),
      definition: digest(JSON.stringify(identity)),
    };
  });
}

/** The plan whose rollup answers this KPI, if any. */
export function planOf(plans: RollupPlan[], kpi: Kpi): RollupPlan | undefined {
  return plans.find((p) => p.kpis.includes(kpi.id));
}

/** The column of a partial in a plan. */
export function columnOf(plan: RollupPlan, def: PartialDef): string {
  const key = partialKey(def);
  const c = plan.columns.find((x) => partialKey(x.def) === key);
  if (!c) {
    throw new Error(`rollup ${plan.table.join('.')} has no partial ${key}`);
  }
  return c.name;
}

/** The sketch id of a partial in a plan. */
export function sketchOf(plan: RollupPlan, def: PartialDef): number {
  const key = partialKey(def);
  const s = plan.sketches.find((x) => partialKey(x.def) === key);
  if (!s) {
    throw new Error(`rollup ${plan.table.join('.')} has no sketch ${key}`);
  }
  return s.id;
}

/** `GROUP BY` of the rollup: the hour and a grouping set per single dimension (plus none). */
export function groupBy(source: Source, extra: string[] = []): { select: string[]; groupBy: string } {
  const hour = floorHour(timeColumn(source));
  const dims = source.dimensions.map(dimensionSql);
  if (dims.length === 0) {
    return { select: [`${hour} AS hour`, `0 AS grp`], groupBy: [hour, ...extra].join(', ') };
  }
  const sets = ['()', ...dims.map((d) => `(${d})`)].join(', ');
  return {
    select: [
      `${hour} AS hour`,
      `GROUPING(${dims.join(', ')}) AS grp`,
      ...source.dimensions.map((d, i) => `${dims[i]} AS ${quoteIdent(d)}`),
    ],
    groupBy: `${[hour, ...extra].join(', ')}, GROUPING SETS (${sets})`,
  };
}

/** The aggregation that fills the rollup's hours in `[from, to)` (SQL instants). */
export function aggregateSql(plan: RollupPlan, from: string, to: string): string {
  const t = timeColumn(plan.source);
  const g = groupBy(plan.source);
  const columns = plan.columns.map((c) => `${partialSql(c.def, { time: t })} AS ${c.name}`);
  return `SELECT ${[...g.select, ...columns].join(', ')} ${fromClause(plan.source)} WHERE ${t} >= ${from} AND ${t} < ${to} GROUP BY ${g.groupBy}`;
}

/** `CREATE TABLE` statements for the rollup (after dropping an outdated one). */
export function createSql(plan: RollupPlan): string[] {
  const table = quoteIdent(plan.table);
  const sketch = quoteIdent(plan.sketchTable);
  const days = quoteIdent(plan.dayTable);
  const legacy = quoteIdent(plan.legacySketchTable);
  const dims = plan.source.dimensions.map((d) => `${quoteIdent(d)} text`);
  const sketchColumns = [...dims, 'partial int NOT NULL', ...SKETCH_COLUMNS].join(', ');
  return [
    `DROP TABLE IF EXISTS ${table}, ${sketch}, ${days}, ${legacy}`,
    // The partials' types are what PostgreSQL infers for them over the source (sum of int is bigint…).
    `CREATE TABLE ${table} AS ${aggregateSql(plan, "'infinity'::timestamptz", "'infinity'::timestamptz")} WITH NO DATA`,
    `CREATE INDEX ON ${table} (grp, hour)`,
    `CREATE TABLE ${sketch} (hour timestamptz NOT NULL, grp int NOT NULL, ${sketchColumns})`,
    `CREATE INDEX ON ${sketch} (partial, grp, hour)`,
    `CREATE TABLE ${days} (day timestamptz NOT NULL, grp int NOT NULL, ${sketchColumns})`,
    `CREATE INDEX ON ${days} (partial, grp, day)`,
    `COMMENT ON TABLE ${table} IS ${quoteLiteral(`OpenKPI hourly rollup of source ${plan.source.name} (catalog ${plan.catalog}); maintained by openkpi rollup`)}`,
  ];
}

/**
 * The sketch rows `(k, n)` of a sketch partial over raw rows matching `where`, grouped as
 * `groupBy` (the rollup's sets when filling the table, nothing for a window's edges).
 */
export function sketchRowsSql(source: Source, def: PartialDef, where: string[], grouped: boolean): string {
  const e = def.expression === undefined ? 'NULL' : `(${def.expression})`;
  const hll = def.kind === 'hll' ? hllKeySql(e) : undefined;
  const k = hll ? hll.register : ddKeySql(e);
  const n = hll ? `max(${hll.rank})` : 'count(*)';
  const conditions = [...where, ...(def.condition ? [def.condition] : []), `(${e}) IS NOT NULL`];
  const body = `${fromClause(source)} WHERE ${conditions.join(' AND ')}`;
  if (!grouped) {
    return `SELECT ${k} AS k, ${n} AS n ${body} GROUP BY 1`;
  }
  const g = groupBy(source, [k]);
  return `SELECT ${[...g.select, `${k} AS k`, `${n} AS n`].join(', ')} ${body} GROUP BY ${g.groupBy}`;
}

/** The statements that fill the rollup's hours `[from, to)` (after they were deleted). */
export function fillSql(plan: RollupPlan, from: string, to: string): string[] {
  const t = timeColumn(plan.source);
  const keys = ['hour', 'grp', ...plan.source.dimensions.map(quoteIdent)];
  const window = [`${t} >= ${from}`, `${t} < ${to}`];
  return [
    `INSERT INTO ${quoteIdent(plan.table)} ${aggregateSql(plan, from, to)}`,
    // Bucket or register rows per hour and set, then folded into one sketch row each.
    ...plan.sketches.map((s) => {
      const sketch = packSketchSql(s.def.kind);
      return `INSERT INTO ${quoteIdent(plan.sketchTable)} (${[...keys, 'partial', ...sketch.columns].join(', ')}) SELECT ${[...keys, String(s.id), ...sketch.values].join(', ')} FROM (${sketchRowsSql(plan.source, s.def, window, true)}) x GROUP BY ${keys.join(', ')}`;
    }),
  ];
}

/**
 * The statements that fill the day rows of the days `[from, to)` (SQL instants on UTC day starts,
 * after those rows were deleted) from the hourly sketch rows: per day, set, value and sketch, the
 * histogram's counts summed per key, HyperLogLog's largest rank per register, packed as the
 * hourly rows are. Merging is exact, so a day row answers as its 24 hours do.
 */
export function fillDaysSql(plan: RollupPlan, from: string, to: string): string[] {
  const dims = plan.source.dimensions.map(quoteIdent);
  const keys = ['day', 'grp', ...dims];
  const hourly = quoteIdent(plan.sketchTable);
  return plan.sketches.map((s) => {
    const sketch = packSketchSql(s.def.kind);
    const unpacked = unpackSketchSql(s.def.kind, 'r');
    const n = s.def.kind === 'dd' ? 'sum(u.n)::bigint' : 'max(u.n)';
    // The day of each hourly row, computed once per row (OFFSET 0 keeps the subquery from being
    // pulled up, which would compute it once per bucket or register).
    const rows = `SELECT ${[`${floorDay('hour')} AS day`, 'grp', ...dims, ...sketch.columns].join(', ')} FROM ${hourly}
      WHERE partial = ${s.id} AND hour >= ${from} AND hour < ${to} OFFSET 0`;
    const merged = `SELECT ${keys.map((k) => `r.${k}`).join(', ')}, u.k, ${n} AS n
      FROM (${rows}) r CROSS JOIN LATERAL (SELECT ${unpacked.select} FROM ${unpacked.from}) u
      GROUP BY ${[...keys.map((k) => `r.${k}`), 'u.k'].join(', ')}`;
    return `INSERT INTO ${quoteIdent(plan.dayTable)} (${[...keys, 'partial', ...sketch.columns].join(', ')}) SELECT ${[...keys, String(s.id), ...sketch.values].join(', ')} FROM (${merged}) x GROUP BY ${keys.join(', ')}`;
  });
}
