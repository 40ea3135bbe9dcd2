import { AggregateMeasure, Kpi, RowMeasure, Source } from '../catalog/model';
import { aggregateRule } from '../rules/aggregates';
import { numberLiteral, quoteLiteral } from '../sql/quote';
import { BoundsBuilder, instantLiteral, WindowRefs } from './bounds';
import { percentilePassSql } from './percentilePass';
import { fromClause, ROW, timeColumn } from './sources';
import { exactAggregatePlan, PartialDef, partialKey, partialSql, SketchAccess } from '../rollup/partials';
import { absoluteInterval } from './windows';

/**
 * The passes over one source that an eval statement makes. Each KPI measure over its current
 * or previous window is registered here and comes back as a Term whose reference
 * (`runs.order_count`) is set when the passes are written:
 *
 * - the main pass: one scan of the union of the windows, `[least(previous starts), at)`, each
 *   aggregate separated by `FILTER (WHERE …)`: counts, sums, averages, min/max, ratios and NPS
 *   (and a percentile inside a ratio); PostgreSQL may run it in parallel;
 * - percentiles: one pass per expression over the union of its KPIs' windows (percentilePass.ts:
 *   grouped by value when the values repeat, else a sort per window, the percentiles of one
 *   window sharing it);
 * - `count_distinct`: one `count(DISTINCT …)` subquery per window over that window's index
 *   range, as a careful hand-written statement does. Measured at 2 M and 10 M rows (EXPLAIN
 *   ANALYZE, docs/benchmarks.md) it beats one grouped pass over the union of the windows (its hash
 *   table of distinct values spills to disk: 1.4× slower at 10 M rows). Where the windows of one
 *   expression overlap enough (sharesDistinctScan), one scan of their union with a
 *   `count(DISTINCT …) FILTER` per window instead;
 * - `last`: one index-backward `ORDER BY time DESC … LIMIT 1` per window;
 * - freshness: one `max(time)` before `at` per source (for a manual KPI, per KPI).
 */

export type Which = 'cur' | 'prev';

/** Something a KPI needs; `ref` is its SQL once the passes are written. */
export interface Term {
  ref: string;
}

/** What one term aggregates: a KPI's rows in its current or previous window. */
export interface TermWindow {
  kpi: Kpi;
  which: Which;
  window: WindowRefs;
}

/** An aggregate of the main pass; `sql` renders it with its FILTER. */
interface MainAggregate extends TermWindow {
  conditions: string[];
  render: (filter: string) => string;
  /**
   * The same aggregate from partials over the rows of the KPI (its filter and the measure's in
   * each partial's condition), for the grouped main pass; absent when it does not merge exactly.
   */
  partials?: { defs: PartialDef[]; merge: (column: (def: PartialDef) => string) => string };
  /** A percentile that may share its sort with others of the same expression and rows. */
  percentile?: { fraction: string; expression: string };
}

interface MainColumn {
  term: Term;
  column: string;
  parts: MainAggregate[];
  combine: (parts: string[]) => string;
}

interface RowTerm extends TermWindow {
  term: Term;
  column: string;
  conditions: string[];
  expression: string;
}

const paren = (fragment: string) => `(${fragment})`;
const float8 = (sql: string) => `${sql}::float8`;

/** A term's window within its pass's scan: `time >= from` and `time < to` where given (the scan implies the rest). */
interface WindowBounds {
  from?: string;
  to?: string;
}

/** Hands out the statement's relation aliases and column names (see Names). */
export interface Naming {
  alias(wanted: string): string;
  column(wanted: string): string;
}

export class SourcePass {
  private readonly main: MainColumn[] = [];
  private readonly distinct: RowTerm[] = [];
  private readonly latest: RowTerm[] = [];
  private readonly freshness = new Map<string, { lastDataAt: Term; stale: Term }>();

  constructor(
    readonly source: Source,
    private readonly dimensionConditions: string[],
    private readonly bounds: Pick<BoundsBuilder, 'at' | 'rangeAt' | 'atMs'>,
    private readonly names: Naming
  ) {}

  private get time(): string {
    return timeColumn(this.source);
  }

  /** A manual KPI's own rows of the measurement table. */
  private ownRows(kpi: Kpi): string[] {
    return this.source.manual ? [`${ROW}.kpi = ${quoteLiteral(kpi.id)}`] : [];
  }

  /** A KPI's (non-formula) measure over one of its windows: one term, its value. */
  measure(m: RowMeasure, w: TermWindow): Term {
    const name = `${w.kpi.id}${w.which === 'prev' ? '_prev' : ''}`;
    switch (m.kind) {
      case 'aggregate':
        return this.aggregate(m, w, name);
      case 'ratio': {
        const parts = [this.mainPart(m.numerator, w), this.mainPart(m.denominator, w)];
        // NULLIF: a zero denominator gives null, not a division error.
        const ratio = ([n, d]: string[]) => `${numberLiteral(m.scale)} * ${n} / NULLIF(${d}, 0)`;
        if (parts[0] && parts[1]) {
          return this.mainColumn(name, parts as MainAggregate[], ratio);
        }
        // A part that needs its own pass (distinct, last): the ratio is taken of the references.
        const [n, d] = [this.aggregate(m.numerator, w, `${name}_num`), this.aggregate(m.denominator, w, `${name}_den`)];
        return {
          get ref() {
            return `(${ratio([n.ref, d.ref])})`;
          },
        };
      }
      case 'nps': {
        const e = paren(m.expression);
        const own = m.filter ? [paren(m.filter)] : [];
        const count = (expression: string, conditions: string[]): MainAggregate => ({
          ...w,
          conditions,
          render: (filter) => `count(${expression}) ${filter}`,
          // Counts stay bigint, as raw: the NPS is taken in numeric.
          ...countPartials(w.kpi, expression, conditions),
        });
        const parts = [count('*', [`${e} >= 9`, ...own]), count('*', [`${e} <= 6`, ...own]), count(e, own)];
        // Exact counts; the percentages in numeric, as the share of scored answers.
        const nps = ([p, d, n]: string[]) => `(100.0 * (${p} - ${d}) / NULLIF(${n}, 0))::float8`;
        return this.mainColumn(name, parts, nps);
      }
    }
  }

  /**
   * The volume of a measure over its current window (docs/catalog.md: Minimum volume): rows
   * passing the KPI filter and the measure's own filter (a ratio's denominator's), one more
   * FILTER aggregate of the main pass, so it costs no scan of its own.
   */
  volume(m: RowMeasure, w: TermWindow): Term {
    const own = m.kind === 'ratio' ? m.denominator.filter : m.filter;
    const conditions = own ? [paren(own)] : [];
    const counted = countPartials(w.kpi, '*', conditions).partials!;
    // A volume is a figure: double precision, as the FILTER form gives it.
    const part: MainAggregate = {
      ...w,
      conditions,
      render: (f) => float8(`count(*) ${f}`),
      partials: { defs: counted.defs, merge: (column) => float8(counted.merge(column)) },
    };
    return this.mainColumn(`${w.kpi.id}_volume`, [part], ([sql]) => sql);
  }

  /** An aggregate measure: in the main pass, or its distinct or latest pass. */
  private aggregate(m: AggregateMeasure, w: TermWindow, name: string): Term {
    const part = this.mainPart(m, w);
    if (part) {
      return this.mainColumn(name, [part], ([sql]) => sql);
    }
    const expression = m.expression === undefined ? 'NULL' : paren(m.expression);
    const r: RowTerm = {
      ...w,
      term: { ref: '' },
      column: name,
      conditions: m.filter ? [paren(m.filter)] : [],
      expression,
    };
    if (aggregateRule(m.aggregate).pass === 'latest') {
      this.latest.push(r);
    } else {
      this.distinct.push(r);
    }
    return r.term;
  }

  /** The aggregate as a main-pass aggregate, or undefined for one of its own pass (distinct, latest). */
  private mainPart(m: AggregateMeasure, w: TermWindow): MainAggregate | undefined {
    const rule = aggregateRule(m.aggregate);
    if (rule.pass !== 'main') {
      return undefined;
    }
    const e = m.expression === undefined ? undefined : paren(m.expression);
    const conditions = m.filter ? [paren(m.filter)] : [];
    const fraction = rule.fraction;
    if (fraction !== undefined) {
      const expression = `${e ?? 'NULL'}::float8`;
      const render = (filter: string) => `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY ${expression}) ${filter}`;
      return { ...w, conditions, render, percentile: { fraction, expression } };
    }
    const exact = exactAggregatePlan(m, w.kpi.filter);
    const partials =
      rule.merge === 'avg' && exact
        ? averagePartials(exact.partials)
        : exact && {
            defs: exact.partials,
            merge: (column: (d: PartialDef) => string) => exact.merge(column, NO_SKETCH),
          };
    return {
      ...w,
      conditions,
      render: (filter) => float8(rule.sql(e ?? '', ` ${filter}`, this.time)),
      ...(partials ? { partials } : {}),
    };
  }

  private mainColumn(name: string, parts: MainAggregate[], combine: (parts: string[]) => string): Term {
    const c: MainColumn = { term: { ref: '' }, column: name, parts, combine };
    this.main.push(c);
    return c.term;
  }

  /** lastDataAt and stale of a KPI of this source: shared by the source (for a manual KPI, its own). */
  freshnessOf(kpi: Kpi): { lastDataAt: Term; stale: Term } {
    const key = this.source.manual ? kpi.id : '';
    if (!this.freshness.has(key)) {
      this.freshness.set(key, { lastDataAt: { ref: '' }, stale: { ref: '' } });
    }
    return this.freshness.get(key)!;
  }

  /** The lateral subqueries of this source, in FROM order; sets every term's reference. */
  laterals(): string[] {
    const out: string[] = [];
    const name = this.source.name;
    // A KPI that is a percentile by itself: the percentile pass (percentilePass.ts).
    const alone = (c: MainColumn) => c.parts.length === 1 && c.parts[0].percentile !== undefined;
    const percentiles = this.main.filter(alone);
    const main = this.main.filter((c) => !alone(c));
    if (main.length > 0) {
      out.push(this.mainPass(this.names.alias(name), main));
    }
    if (percentiles.length > 0) {
      out.push(this.percentilePass(this.names.alias(`${name}_percentiles`), percentiles));
    }
    if (this.distinct.length > 0) {
      out.push(...this.distinctPasses());
    }
    if (this.latest.length > 0) {
      out.push(this.latestPass(this.names.alias(`${name}_latest`)));
    }
    for (const [key, refs] of this.freshness) {
      const alias = this.names.alias(`${key === '' ? name : key}_fresh`);
      out.push(this.freshnessPass(alias, key));
      refs.lastDataAt.ref = `${alias}.last_data_at`;
      refs.stale.ref = `${alias}.stale`;
    }
    return out;
  }

  /** The scan `[lower, at)` over every window of the terms, and what it implies for each term. */
  private scan(terms: TermWindow[]): {
    where: string[];
    implied: (t: TermWindow) => string[];
    window: (t: TermWindow) => WindowBounds;
  } {
    const t = this.time;
    const starts = [...new Set(terms.map((x) => x.window.range.prevFrom))];
    // At a literal instant the earliest start is known: one constant.
    const known = terms.every((x) => x.window.ms) ? Math.min(...terms.map((x) => x.window.ms!.prevFrom)) : undefined;
    const lower =
      starts.length === 1 ? starts[0] : known !== undefined ? instantLiteral(known) : `least(${starts.join(', ')})`;
    const kpis = [...new Set(terms.map((x) => quoteLiteral(x.kpi.id)))];
    const manual = !this.source.manual
      ? []
      : [kpis.length === 1 ? `${ROW}.kpi = ${kpis[0]}` : `${ROW}.kpi IN (${kpis.join(', ')})`];
    const where = [`${t} >= ${lower}`, `${t} < ${this.bounds.rangeAt}`, ...manual, ...this.dimensionConditions];
    // Within the scan, a term needs only what the scan does not already imply.
    const window = (x: TermWindow): WindowBounds =>
      x.which === 'cur'
        ? { from: x.window.from }
        : { ...(starts.length === 1 ? {} : { from: x.window.prevFrom }), to: x.window.prevTo };
    const implied = (x: TermWindow): string[] => {
      const own = kpis.length > 1 ? this.ownRows(x.kpi) : [];
      const { from, to } = window(x);
      const bounds = [
        ...(from === undefined ? [] : [`${t} >= ${from}`]),
        ...(to === undefined ? [] : [`${t} < ${to}`]),
      ];
      return [...own, ...bounds, ...(x.kpi.filter ? [paren(x.kpi.filter)] : [])];
    };
    return { where, implied, window };
  }

  private mainPass(alias: string, main: MainColumn[]): string {
    const parts = main.flatMap((c) => c.parts);
    const scan = this.scan(parts);
    const grouped = this.groupedMainPass(alias, main, parts, scan);
    if (grouped !== undefined) {
      return grouped;
    }
    const { where, implied } = scan;
    const filter = (a: MainAggregate) => `FILTER (WHERE ${[...implied(a), ...a.conditions].join(' AND ')})`;
    const columns = main.map((c) => {
      const column = this.names.column(c.column);
      c.term.ref = `${alias}.${column}`;
      return `${c.combine(c.parts.map((a) => a.render(filter(a))))} AS ${column}`;
    });
    const body = [`SELECT ${columns.join(',\n    ')}`, fromClause(this.source), `WHERE ${where.join(' AND ')}`];
    return lateral(body, alias);
  }

  /**
   * The main pass as two steps when it has many aggregates over few windows (groupsMainPass): the
   * rows grouped by which window bounds they pass (a boolean per distinct bound), each distinct
   * partial computed once per group (count, sum, min, max, with the KPI's and the measure's filter),
   * then each aggregate merged over the groups of its window, as a rollup merges hours. Exact
   * for counts, min/max and integer and numeric sums (float sums up to rounding, as a parallel raw
   * scan's own order). Undefined when it does not pay or does not merge: the FILTER form.
   */
  private groupedMainPass(
    alias: string,
    main: MainColumn[],
    parts: MainAggregate[],
    { where, window }: ReturnType<SourcePass['scan']>
  ): string | undefined {
    if (this.source.manual || parts.some((a) => a.partials === undefined)) {
      return undefined;
    }
    // A flag per distinct bound: whether the row is at or after it.
    const flags = [...new Set(parts.flatMap((a) => Object.values(window(a)) as string[]))];
    const defs = new Map<string, { def: PartialDef; name: string }>();
    parts.forEach((a) =>
      a.partials!.defs.forEach((def) => {
        const key = partialKey(def);
        if (!defs.has(key)) {
          defs.set(key, { def, name: `p${defs.size}` });
        }
      })
    );
    if (!groupsMainPass(parts.length, flags.length, defs.size)) {
      return undefined;
    }
    const flag = (bound: string) => `w${flags.indexOf(bound)}`;
    const inner = [
      `SELECT ${[...flags.map((b) => `${this.time} >= ${b} AS ${flag(b)}`), ...[...defs.values()].map((d) => `${partialSql(d.def, { time: this.time })} AS ${d.name}`)].join(', ')}`,
      `  ${fromClause(this.source)}`,
      `  WHERE ${where.join(' AND ')}`,
      `  GROUP BY ${flags.map((_, i) => i + 1).join(', ')}`,
    ].join('\n');
    const merged = (a: MainAggregate) => {
      const { from, to } = window(a);
      const inWindow = [
        ...(from === undefined ? [] : [`g.${flag(from)}`]),
        ...(to === undefined ? [] : [`NOT g.${flag(to)}`]),
      ];
      return a.partials!.merge(
        (def) => `CASE WHEN ${inWindow.join(' AND ')} THEN g.${defs.get(partialKey(def))!.name} END`
      );
    };
    const columns = main.map((c) => {
      const column = this.names.column(c.column);
      c.term.ref = `${alias}.${column}`;
      return `${c.combine(c.parts.map(merged))} AS ${column}`;
    });
    return lateral([`SELECT ${columns.join(',\n    ')}`, `FROM (\n  ${inner}\n  ) g`], alias);
  }

  /**
   * The percentile KPIs of this source, one pass per expression over the union of their windows
   * (percentilePass.ts: grouped by value when the values repeat, else a sort per window).
   */
  private percentilePass(alias: string, columns: MainColumn[]): string {
    const groups = byExpression(columns, (c) => c.parts[0].percentile!.expression);
    const selects = [...groups].map(([expression, group]) => {
      const parts = group.map((c) => c.parts[0]);
      const { where, implied } = this.scan(parts);
      const terms = parts.map((a) => ({
        fraction: a.percentile!.fraction,
        filter: [...implied(a), ...a.conditions].join(' AND '),
      }));
      const column = this.names.column(`${group[0].column}_percentiles`);
      group.forEach((c, i) => (c.term.ref = `${alias}.${column}[${i + 1}]`));
      const sql = percentilePassSql({ from: fromClause(this.source), where, expression, terms });
      return `${sql} AS ${column}`;
    });
    return lateral([`SELECT ${selects.join(',\n    ')}`, OWN_SUBQUERY], alias);
  }

  /** The rows of one term's window, for a subquery of its own (its index range, all conditions). */
  private windowRows(r: RowTerm): string[] {
    const t = this.time;
    const window =
      r.which === 'cur'
        ? [`${t} >= ${r.window.range.from}`, `${t} < ${this.bounds.rangeAt}`]
        : [`${t} >= ${r.window.range.prevFrom}`, `${t} < ${r.window.range.prevTo}`];
    const kpiFilter = r.kpi.filter ? [paren(r.kpi.filter)] : [];
    return [...this.ownRows(r.kpi), ...window, ...kpiFilter, ...r.conditions, ...this.dimensionConditions];
  }

  /**
   * Distinct counts: one `count(DISTINCT …)` subquery per window over that window's index range,
   * except the distinct counts of one expression whose windows overlap so much that they read
   * the rows of their union at least twice over (sharesDistinctScan): those are one scan of the
   * union with a `count(DISTINCT …) FILTER` per window, a lateral of their own.
   */
  private distinctPasses(): string[] {
    const alias = () => this.names.alias(`${this.source.name}_distinct`);
    const alone: RowTerm[] = [];
    const shared: string[] = [];
    for (const terms of byExpression(this.distinct, (r) => r.expression).values()) {
      if (!sharesDistinctScan(terms, this.bounds.atMs)) {
        alone.push(...terms);
        continue;
      }
      const a = alias();
      const { where, implied } = this.scan(terms);
      const columns = terms.map((r) => {
        const column = this.names.column(r.column);
        r.term.ref = `${a}.${column}`;
        const filter = [...implied(r), ...r.conditions].join(' AND ');
        return `count(DISTINCT ${r.expression}) FILTER (WHERE ${filter})::float8 AS ${column}`;
      });
      const body = [`SELECT ${columns.join(',\n    ')}`, fromClause(this.source), `WHERE ${where.join(' AND ')}`];
      shared.push(lateral(body, a));
    }
    if (alone.length === 0) {
      return shared;
    }
    const a = alias();
    const columns = alone.map((r) => {
      const column = this.names.column(r.column);
      r.term.ref = `${a}.${column}`;
      return [
        `(SELECT count(DISTINCT ${r.expression})::float8 ${fromClause(this.source)}`,
        `  WHERE ${this.windowRows(r).join(' AND ')}) AS ${column}`,
      ].join('\n      ');
    });
    return [lateral([`SELECT ${columns.join(',\n    ')}`, OWN_SUBQUERY], a), ...shared];
  }

  private latestPass(alias: string): string {
    const t = this.time;
    const columns = this.latest.map((r) => {
      const column = this.names.column(r.column);
      r.term.ref = `${alias}.${column}`;
      // E on the latest row; among rows of the same time, the largest E (DESC alone puts NULLs first).
      return [
        `(SELECT ${r.expression}::float8 ${fromClause(this.source)}`,
        `  WHERE ${this.windowRows(r).join(' AND ')}`,
        `  ORDER BY ${t} DESC, ${r.expression} DESC NULLS LAST LIMIT 1) AS ${column}`,
      ].join('\n      ');
    });
    return lateral([`SELECT ${columns.join(',\n    ')}`, OWN_SUBQUERY], alias);
  }

  private freshnessPass(alias: string, manualId: string): string {
    const t = this.time;
    const own = manualId === '' ? [] : [`${ROW}.kpi = ${quoteLiteral(manualId)}`];
    const fresh = this.source.freshnessMs;
    // No data at all compares as NULL, which is stale.
    const atMs = this.bounds.atMs;
    const limit =
      fresh === undefined
        ? ''
        : atMs === undefined
          ? `${this.bounds.at} - ${absoluteInterval(fresh)}`
          : instantLiteral(atMs - fresh);
    const stale = fresh === undefined ? 'false' : `NOT coalesce(max(${t}) >= ${limit}, false)`;
    const where = [`${t} < ${this.bounds.rangeAt}`, ...own].join(' AND ');
    return lateral(
      [`SELECT max(${t}) AS last_data_at, ${stale} AS stale`, `${fromClause(this.source)} WHERE ${where}`],
      alias
    );
  }
}

/** Items grouped by their expression, in the order each expression first appears. */
function byExpression<T>(items: T[], expression: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    groups.set(expression(item), [...(groups.get(expression(item)) ?? []), item]);
  }
  return groups;
}

/**
 * Whether the distinct counts of one expression share one scan: at a literal instant, when there
 * are at least 3 windows and together they are at least twice as long as the span they cover, so
 * that separate subqueries would read (and sort) every row of it twice or more. Measured at 10 M
 * rows (PostgreSQL 15 and 18): the 8 windows of 4 KPIs (134 days over 60) took 0.79–0.80 s in one
 * scan against 0.90–1.06 s in 8 subqueries; one KPI's 2 windows (1.0×) 0.40–0.69 s against
 * 0.39–0.50 s, and 2 KPIs' 4 windows (1.2×) 0.51–0.74 s against 0.49–0.60 s. PostgreSQL 16 and
 * later sort the union once for all of them; 15 sorts each window's rows, without a scan each.
 */
export function sharesDistinctScan(terms: TermWindow[], atMs: number | undefined): boolean {
  if (atMs === undefined || terms.length < 3 || terms.some((t) => t.window.ms === undefined)) {
    return false;
  }
  const windows = terms.map((t) => {
    const m = t.window.ms!;
    return t.which === 'cur' ? [m.from, atMs] : [m.prevFrom, m.prevTo];
  });
  const total = windows.reduce((sum, [from, to]) => sum + Math.max(0, to - from), 0);
  const span = Math.max(...windows.map((w) => w[1])) - Math.min(...windows.map((w) => w[0]));
  return span > 0 && total >= 2 * span;
}

/**
 * Keeps a pass of scalar subqueries (no FROM) a subquery of its own. Without it PostgreSQL pulls
 * the pass up and pastes each subquery wherever its column is read: planned and run once per
 * reference, and every pull-up rewrites the whole statement. Measured on the accounting-saas stale
 * alert statement (159 KPIs, demo data): planning 1.3–1.4 s → 0.31–0.35 s at load 9.
 */
const OWN_SUBQUERY = 'OFFSET 0';

/** `CROSS JOIN LATERAL (…) alias` of a subquery given as lines. */
export function lateral(lines: string[], alias: string): string {
  return `CROSS JOIN LATERAL (\n  ${lines.join('\n  ')}\n) ${alias}`;
}

/** A sketch merge never asked of the main pass's exact partials. */
const NO_SKETCH: SketchAccess = {
  rows: () => {
    throw new Error('the main pass has no sketch');
  },
};

/**
 * An average as the grouped main pass merges it: its sum over its count, as the rollup does,
 * except for a `real` (float4) expression. PostgreSQL sums a `real` in `real` but averages it in
 * double precision, so over many rows the sum's rounding shows in the average (1,000,000 rows of
 * 0.1: 0.09994 against 0.1000000015); its partial sum is then taken in double precision too, a
 * third partial chosen by the type of the first (pg_typeof over the handful of group rows).
 */
function averagePartials([sum, count]: PartialDef[]): MainAggregate['partials'] {
  const wide: PartialDef = { ...sum, expression: `(${sum.expression})::double precision` };
  return {
    defs: [sum, count, wide],
    merge: (column) => {
      const n = `NULLIF(sum(${column(count)}), 0)`;
      return `(CASE WHEN pg_typeof(sum(${column(sum)})) = 'real'::regtype THEN sum(${column(wide)}) / ${n} ELSE sum(${column(sum)}) / ${n} END)::double precision`;
    },
  };
}

/**
 * A count of the KPI's rows passing `conditions` as the grouped main pass merges it: bigint as the
 * raw count (0 without rows).
 */
function countPartials(kpi: Kpi, expression: string, conditions: string[]): Pick<MainAggregate, 'partials'> {
  const all = [...(kpi.filter ? [paren(kpi.filter)] : []), ...conditions];
  const def: PartialDef = {
    kind: 'count',
    ...(expression === '*' ? {} : { expression }),
    ...(all.length > 0 ? { condition: all.join(' AND ') } : {}),
  };
  return { partials: { defs: [def], merge: (column) => `coalesce(sum(${column(def)}), 0)::bigint` } };
}

/**
 * Whether the main pass groups its rows (groupedMainPass): when it computes at least twice as many
 * FILTER aggregates as the grouped form computes per row (a flag per window bound and a partial
 * each), and at least 16. Measured at 10 M rows (PostgreSQL 15, 1.5 M rows scanned): the bench's
 * 22 KPIs, 58 aggregates over 4 windows and their previous ones, took 1.05 s as FILTERs and
 * 0.53–0.78 s grouped by 7 flags with 7 partials; the scan alone 0.29 s, 16 FILTER counts 0.26 s.
 */
export function groupsMainPass(aggregates: number, flags: number, partials: number): boolean {
  return aggregates >= 16 && aggregates >= 2 * (flags + partials);
}
