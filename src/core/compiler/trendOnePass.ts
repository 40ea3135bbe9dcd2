import type { Catalog, Kpi, RowMeasure, Source } from '../catalog/model';
import { measurePlan, partialKey, PartialDef, partialSql, rowPartialsPlan } from '../rollup/partials';
import { planOf, RollupPlan } from '../rollup/plan';
import { rolledSlicesSql, RolledSlicesRequest } from '../rollup/trendSlices';
import { DimensionFilter, filterConditions } from './filters';
import { formulaSql } from './formulaSql';
import { growthSql } from './growthSql';
import { kpiById, rowsKpi } from './kpiSql';
import { fromClause, ownRowsConditions, sourceOf, timeColumn, whereClause } from './sources';
import { cutRule, Grid, GridRequest, pointBounds, SliceRule, sliceRule } from './trendGrid';

/**
 * A series in one pass over the rows (docs/engine.md, One-pass series): each KPI's rows are
 * aggregated once into slices (trendGrid.ts) as the same partial aggregates a rollup keeps
 * (core/rollup/partials.ts: counts, sums, min/max, the latest time and value), and each point
 * merges the partials of the slices its window covers, as a rollup's hours merge. Counts add up,
 * min/max and the latest row combine exactly whatever the order; sums and averages combine
 * exactly when their expressions are integer or numeric, which the statement checks first
 * (`exact`: a floating-point sum's last bits depend on the order of addition, so it goes point
 * by point). Ratios, NPS, formulas of such KPIs and growth over rolling windows follow from their
 * parts. Exact percentiles and distinct counts need the rows of each window: they take one
 * statement of their own (trendPercentile.ts, trendDistinct.ts).
 */

/** The expressions whose sums must be exact, per source (checked by the statement). */
export interface ExactCheck {
  source: Source;
  expressions: string[];
}

/** A one-pass series: CTEs after `buckets`, joins after `buckets b`, and the per-point expressions. */
export interface OnePass {
  ctes: string[];
  joins: string[];
  /** Per KPI read, where its slices come from (`openkpi sql`). */
  paths: string[];
  value: string;
  /** Rows judged in the current window (minimum volume), when asked. */
  volume?: string;
  exact: ExactCheck[];
}

export interface OnePassRequest extends GridRequest {
  filters: DimensionFilter[];
  /** Also the volume of this KPI (docs/catalog.md: Minimum volume). */
  volume: boolean;
  /** Rollups present in the database (core/rollup/probe.ts): slices of the KPIs they answer come from them. */
  rollups?: RollupPlan[];
}

const NULL = 'NULL::double precision';
const HOUR_MS = 3_600_000;

/** Marks a KPI the one pass cannot compute (the statement then goes point by point). */
class NotOnePass extends Error {}

const and = (...conditions: Array<string | undefined>): string | undefined => {
  const present = conditions.filter((c): c is string => c !== undefined && c !== '');
  return present.length === 0 ? undefined : present.map((c) => `(${c})`).join(' AND ');
};

/** The rows a volume counts: the KPI filter and the measure's own (a ratio's denominator's), as measures.ts volumeSql. */
function volumePartial(kpi: Kpi, m: RowMeasure): PartialDef {
  return { kind: 'count', condition: and(kpi.filter, m.kind === 'ratio' ? m.denominator.filter : m.filter) };
}

interface Base {
  /** The KPI's value at each point (growth: its current window). */
  value: string;
  /** Growth: the value over the comparison window. */
  previous?: string;
  volume?: string;
}

class OnePassPlan {
  readonly ctes: string[] = [];
  readonly joins: string[] = [];
  readonly paths: string[] = [];
  readonly exact = new Map<string, ExactCheck>();
  private readonly bases = new Map<string, Base>();

  constructor(
    private readonly catalog: Catalog,
    private readonly grid: Grid,
    private readonly request: OnePassRequest,
    /** The KPI whose rows also give the volume. */
    private readonly volumeOf?: string
  ) {}

  /** A row KPI's slices and per-point partial merge (one scan), planned once per KPI and role. */
  base(kpi: Kpi, growth: boolean): Base {
    const key = JSON.stringify([kpi.id, growth]);
    const known = this.bases.get(key);
    if (known) {
      return known;
    }
    const plan = rowPartialsPlan(this.catalog, kpi);
    // Sketches are approximate: a raw one pass is exact or nothing.
    if (!plan || plan.approximate || kpi.measure.kind === 'formula' || kpi.measure.kind === 'growth') {
      throw new NotOnePass();
    }
    // The first KPI's relations are `slices` and `kpi`; operands' are numbered.
    const n = this.bases.size === 0 ? '' : `_${this.bases.size}`;
    const rule = this.sliceRule(kpi, growth, n);
    const volume = this.volumeOf === kpi.id ? volumePartial(kpi, kpi.measure) : undefined;
    const defs = new Map<string, PartialDef>();
    [...plan.partials, ...(volume ? [volume] : [])].forEach((d) => defs.set(partialKey(d), d));
    const names = new Map([...defs.keys()].map((k, i) => [k, `q${i}`]));
    const name = (d: PartialDef) => names.get(partialKey(d))!;
    const source = sourceOf(this.catalog, kpi);
    const t = timeColumn(source);
    this.exactSums(source, [...defs.values()]);
    const where = whereClause([
      ...ownRowsConditions(source, kpi),
      ...(rule.rows ? [rule.rows(t)] : [`${t} >= ${rule.scan.from}`, `${t} < ${rule.scan.to}`]),
      ...(kpi.filter ? [`(${kpi.filter})`] : []),
      ...filterConditions(kpi, source, this.request.filters),
    ]);
    const rolled = this.rolled(
      kpi,
      source,
      rule,
      [...defs.values()].map((def) => ({ def, name: name(def) })),
      n
    );
    this.ctes.push(...(rule.ctes ?? []));
    if (rolled) {
      this.ctes.push(...rolled.ctes);
      this.paths.push(
        `${kpi.id}: slices from rollup ${rolled.table} (closed hours; raw rows at the edges, in hours a slice edge cuts and after the last refresh)`
      );
    } else {
      const keys = rule.keys.map((k) => `${k.of(t)} AS ${k.name}`);
      const partials = [...defs.values()].map((d) => `${partialSql(d, { time: t })} AS ${name(d)}`);
      this.ctes.push(
        `slices${n} AS (SELECT ${[...keys, ...partials].join(', ')}\n  ${fromClause(source)}\n  ${where}\n  GROUP BY ${rule.keys.map((_, i) => i + 1).join(', ')})`
      );
      this.paths.push(`${kpi.id}: slices from raw rows${rule.points ? " (cut at every point's window bounds)" : ''}`);
    }
    // Growth: the slices of the current window and of the comparison window, each merged alone
    // (a partial outside the part reads as NULL, which every merge ignores).
    const part = (condition?: string) => (d: PartialDef) =>
      condition === undefined ? `x.${name(d)}` : `CASE WHEN ${condition} THEN x.${name(d)} END`;
    const none = { rows: () => '' };
    const current = growth ? rule.current : undefined;
    const columns = [
      `${plan.merge(part(current), none)} AS value`,
      ...(growth ? [`${plan.merge(part(rule.previous ?? `NOT (${rule.current})`), none)} AS previous`] : []),
      ...(volume ? [`(coalesce(sum(${part(current)(volume)}), 0))::double precision AS volume`] : []),
    ];
    this.ctes.push(
      `kpi${n} AS (SELECT b.s, ${columns.join(', ')}\n  FROM ${rule.points ?? 'buckets b'} LEFT JOIN slices${n} x ON ${rule.within}\n  GROUP BY b.s)`
    );
    this.joins.push(`JOIN kpi${n} v${n} ON v${n}.s = b.s`);
    const base = {
      value: `v${n}.value`,
      previous: growth ? `v${n}.previous` : undefined,
      volume: volume ? `v${n}.volume` : undefined,
    };
    this.bases.set(key, base);
    return base;
  }

  /**
   * How the KPI's rows fall into slices: a grid-aligned rule when its windows fall on whole slices
   * of the grid (trendGrid.ts sliceRule), else cuts at every window bound of every point (cutRule):
   * calendar windows' growth, `compare: year`, growth buckets, windows of another unit than the step.
   */
  private sliceRule(kpi: Kpi, growth: boolean, n: string): SliceRule {
    const tz = this.catalog.timezone;
    const trend = this.request.mode === 'trend';
    // The grid rules' comparison window is the one before: not a year earlier, not a bucket's.
    const aligned =
      growth && (kpi.compare === 'year' || !trend)
        ? undefined
        : sliceRule(this.grid, this.request, trend ? { window: kpi.window, growth } : undefined, tz);
    return aligned ?? cutRule(pointBounds(this.grid, this.request, kpi, growth, tz), n);
  }

  /**
   * The slices from a rollup that answers the KPI, when one is present and the slices are whole
   * hours or longer (shorter ones would cut every hour: raw rows are cheaper).
   */
  private rolled(kpi: Kpi, source: Source, rule: SliceRule, partials: RolledSlicesRequest['partials'], n: string) {
    const plan = planOf(this.request.rollups ?? [], kpi);
    // Cut slices (trendGrid.ts cutRule) read raw rows: not yet tested against a rollup.
    const cut = rule.points !== undefined;
    if (
      !plan ||
      cut ||
      !measurePlan(this.catalog, kpi, source) ||
      (rule.sliceMs !== undefined && rule.sliceMs < HOUR_MS)
    ) {
      return undefined;
    }
    const where = [
      ...ownRowsConditions(source, kpi),
      ...(kpi.filter ? [`(${kpi.filter})`] : []),
      ...filterConditions(kpi, source, this.request.filters),
    ];
    const ctes = rolledSlicesSql({
      plan,
      source,
      keys: rule.keys,
      partials,
      scan: rule.scan,
      where,
      filters: this.request.filters,
      suffix: n,
    });
    return ctes && { ctes, table: plan.table.join('.') };
  }

  /** A KPI's value at each point: a row KPI's merge, a growth of one, a formula of such values. */
  value(kpi: Kpi): string {
    const m = kpi.measure;
    if (m.kind === 'formula') {
      return formulaSql(m.ast, (id) => this.value(kpiById(this.catalog, id)));
    }
    if (m.kind === 'growth') {
      const named = kpiById(this.catalog, m.kpi);
      const b = this.base(named, true);
      return growthSql(b.value, b.previous!);
    }
    return this.base(kpi, false).value;
  }

  /** The volume of a KPI's rows (a growth KPI's named KPI's); NULL for a formula. */
  volume(kpi: Kpi): string {
    const own = rowsKpi(this.catalog, kpi);
    if (own.measure.kind === 'formula' || own.measure.kind === 'growth') {
      return NULL;
    }
    return this.base(own, kpi.measure.kind === 'growth').volume ?? NULL;
  }

  private exactSums(source: Source, defs: PartialDef[]): void {
    const sums = defs.filter((d) => d.kind === 'sum').map((d) => `(${d.expression})`);
    if (sums.length === 0) {
      return;
    }
    const check = this.exact.get(source.name) ?? { source, expressions: [] };
    check.expressions = [...new Set([...check.expressions, ...sums])];
    this.exact.set(source.name, check);
  }
}

/** The one-pass form of a KPI's series on `grid`, or undefined when it has none (point by point). */
export function compileOnePass(catalog: Catalog, kpi: Kpi, grid: Grid, request: OnePassRequest): OnePass | undefined {
  const volumeOf = request.volume ? rowsKpi(catalog, kpi).id : undefined;
  const plan = new OnePassPlan(catalog, grid, request, volumeOf);
  try {
    const value = plan.value(kpi);
    const volume = request.volume ? plan.volume(kpi) : undefined;
    return { ctes: plan.ctes, joins: plan.joins, paths: plan.paths, value, volume, exact: [...plan.exact.values()] };
  } catch (e) {
    if (e instanceof NotOnePass) {
      return undefined;
    }
    throw e;
  }
}

/** SQL types whose sums PostgreSQL computes exactly. */
const EXACT_TYPES = ['smallint', 'integer', 'bigint', 'numeric'];

/**
 * `true` when every expression is of an exact type: read from the expressions' static types
 * (`pg_typeof` over one row of NULLs: each source is joined on false, so nothing is scanned).
 */
export function exactTypesSql(checks: ExactCheck[]): string {
  const one = ({ source, expressions }: ExactCheck) => {
    const relation = fromClause(source).replace(/^FROM /, '');
    const types = expressions.map((e) => `pg_typeof(${e})::text IN (${EXACT_TYPES.map((t) => `'${t}'`).join(', ')})`);
    return `(SELECT ${types.join(' AND ')} FROM (SELECT 1) one LEFT JOIN ${relation} ON false)`;
  };
  return `SELECT ${checks.map(one).join(' AND ')} AS exact`;
}
