import type { Source } from '../catalog/model';
import { quoteIdent } from '../sql/quote';
import type { DimensionFilter } from '../compiler/filters';
import { fromClause, ROW, timeColumn } from '../compiler/sources';
import { PartialDef, partialSql } from './partials';
import { ceilHour, closedBeforeSql, closedHoursEndSql, columnOf, RollupPlan } from './plan';
import { rolledConditions } from './read';

/**
 * The slices of a one-pass series (core/compiler/trendOnePass.ts) read from a fresh rollup: the
 * whole hours the rollup has closed, grouped by the slice keys of their hour, and raw rows for
 * the rest: the ragged ends of the scan, everything after the rollup's boundary, and the hours
 * that a slice edge cuts (a dashboard's grid ends at its range end, rarely on an hour), read
 * hour by hour. Each branch gives the same partials (a rollup hour's re-aggregated), so the
 * series merges them exactly as it merges raw slices: additive measures equal the raw series.
 */

/** A slice key as a function of an instant (trendGrid.ts SliceRule.keys). */
export interface SliceKey {
  name: string;
  of: (time: string) => string;
}

export interface RolledSlicesRequest {
  plan: RollupPlan;
  source: Source;
  keys: SliceKey[];
  /** The partials of the series and their names in the slices. */
  partials: Array<{ def: PartialDef; name: string }>;
  scan: { from: string; to: string };
  /** The raw rows' conditions other than time (own rows, KPI filter, viewer filters). */
  where: string[];
  filters: DimensionFilter[];
  /** Suffix of the relations' names. */
  suffix: string;
}

/** Hour ends of `h`: the last instant inside the hour starting at `h`. */
const hourEnd = (h: string) => `(${h} + interval '1 hour' - interval '1 microsecond')`;

/** The rollup's re-aggregation of a partial over several hours (counts stay bigint, as raw). */
function reaggregate(plan: RollupPlan, def: PartialDef): string {
  const col = `r.${columnOf(plan, def)}`;
  switch (def.kind) {
    case 'count':
      return `sum(${col})::bigint`;
    case 'sum':
      return `sum(${col})`;
    case 'min':
      return `min(${col})`;
    case 'max':
    case 'last_time':
      return `max(${col})`;
    case 'last_value': {
      // Hours are disjoint: the value of the hour with the latest row.
      const time = `r.${columnOf(plan, { ...def, kind: 'last_time' })}`;
      return `(array_agg(${col} ORDER BY ${time} DESC NULLS LAST))[1]`;
    }
    default:
      throw new Error(`no rollup column for a ${def.kind} partial`);
  }
}

/**
 * The slices of the cut hours (`cut_hours<n> k`, one index range each: `hourRows`). With one
 * slice key, which changes once in a cut hour (slices are an hour or longer), each hour's rows are
 * one aggregate row with the partials of both sides of the edge (a FILTER per side), unpivoted
 * into the slice at the hour's start and the one at its end: grouping them by key sorted each
 * hour's rows first. A side without rows gives counts of 0 and NULL partials, which every merge
 * reads as no rows. With more keys (a calendar window's period and step bin, which can change at
 * two instants of one hour), the rows are grouped by key.
 */
function cutHoursSql(r: RolledSlicesRequest, n: string, hourRows: string, grouped: string, groupBy: string): string[] {
  if (r.keys.length !== 1) {
    return [`UNION ALL SELECT c.* FROM cut_hours${n} k, LATERAL (SELECT ${grouped}`, `  ${hourRows} ${groupBy}) c`];
  }
  const [key] = r.keys;
  const t = timeColumn(r.source);
  // Whether a row lies before the edge, computed once per row (a FILTER per partial and side).
  const first = `${ROW}.openkpi_first`;
  const side = (condition: string, prefix: string) =>
    r.partials.map(
      ({ def, name }) =>
        `${partialSql({ ...def, condition: def.condition === undefined ? condition : `(${def.condition}) AND ${condition}` }, { time: t })} AS ${prefix}${name}`
    );
  const values = (at: string, prefix: string) =>
    `(${[key.of(at), ...r.partials.map(({ name }) => `a.${prefix}${name}`)].join(', ')})`;
  return [
    `UNION ALL SELECT c.* FROM cut_hours${n} k, LATERAL (SELECT ${[...side(first, 'a_'), ...side(`NOT ${first}`, 'b_')].join(', ')}`,
    `  FROM (SELECT ${ROW}.*, ${key.of(t)} = ${key.of('k.h')} AS openkpi_first ${hourRows}) ${ROW}) a,`,
    `  LATERAL (VALUES ${values('k.h', 'a_')}, ${values(hourEnd('k.h'), 'b_')}) c(${[key.name, ...r.partials.map((p) => p.name)].join(', ')})`,
  ];
}

/**
 * `[ctes…]` whose last is `slices<suffix>`: the slices from the rollup and raw rows, or undefined
 * when the rollup cannot give them (a partial it lacks, filters on two dimensions).
 */
export function rolledSlicesSql(r: RolledSlicesRequest): string[] | undefined {
  const rolled = rolledConditions(r.source, r.filters);
  let columns: string[];
  try {
    columns = r.partials.map(({ def, name }) => `${reaggregate(r.plan, def)} AS ${name}`);
  } catch {
    return undefined;
  }
  if (!rolled) {
    return undefined;
  }
  const t = timeColumn(r.source);
  const { suffix: n } = r;
  const keyColumns = (time: string) => r.keys.map((k) => `${k.of(time)} AS ${k.name}`);
  const groupBy = `GROUP BY ${r.keys.map((_, i) => i + 1).join(', ')}`;
  const raw = r.partials.map(({ def, name }) => `${partialSql(def, { time: t })} AS ${name}`);
  const cut = (h: string) => r.keys.map((k) => `${k.of(h)} <> ${k.of(hourEnd(h))}`).join(' OR ');
  const hours = `hours${n} AS (SELECT lo, ${closedHoursEndSql('lo', r.scan.to, closedBeforeSql(r.plan))} AS hi
  FROM (SELECT ${ceilHour(r.scan.from)} AS lo) c)`;
  const cuts = `cut_hours${n} AS (SELECT h FROM hours${n} w, generate_series(w.lo, w.hi - interval '1 hour', interval '1 hour') h WHERE ${cut('h')})`;
  const and = (conditions: string[]) => conditions.join(' AND ');
  // The raw ends of the scan, before the first closed hour and after the last: each one index
  // range whose bounds are the hours' scalars. Joined to the hours, the two ranges are one OR
  // whose bounds the planner cannot see, and at 10 M rows it scanned the whole table for them.
  const ends = [
    [r.scan.from, `(SELECT least(w.lo, ${r.scan.to}) FROM hours${n} w)`],
    [`(SELECT w.hi FROM hours${n} w)`, r.scan.to],
  ].map(
    ([from, to], i) =>
      `${i === 0 ? `slices${n} AS (` : 'UNION ALL '}SELECT ${[...keyColumns(t), ...raw].join(', ')}
  ${fromClause(r.source)} WHERE ${and([...r.where, `${t} >= ${from}`, `${t} < ${to}`])} ${groupBy}`
  );
  const hourRows = `${fromClause(r.source)} WHERE ${and([...r.where, `${t} >= k.h`, `${t} < k.h + interval '1 hour'`])}`;
  const slices = [
    ...ends,
    // One index range per cut hour (LATERAL): as a join filter the hour bounds let the planner
    // sort the whole table to merge it with the hour list.
    ...cutHoursSql(r, n, hourRows, [...keyColumns(t), ...raw].join(', '), groupBy),
    `UNION ALL SELECT ${[...keyColumns('r.hour'), ...columns].join(', ')}`,
    `  FROM ${quoteIdent(r.plan.table)} r, hours${n} w WHERE ${and(['r.hour >= w.lo', 'r.hour < w.hi', ...rolled('r'), `NOT (${cut('r.hour')})`])} ${groupBy})`,
  ].join('\n');
  return [hours, cuts, slices];
}
