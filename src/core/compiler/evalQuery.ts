import { formulaRefs } from '../catalog/formula';
import { Catalog, Kpi } from '../catalog/model';
import { OpenKpiError } from '../errors';
import { quoteLiteral } from '../sql/quote';
import { Anchor } from './anchor';
import { planOf, RollupPlan } from '../rollup/plan';
import { rollupValueSql, rollupValuesSql } from '../rollup/read';
import { BoundsBuilder, instantLiteral, WindowRefs } from './bounds';
import { epochMs } from './epoch';
import { DimensionFilter, filterConditions } from './filters';
import { formulaSql } from './formulaSql';
import { growthSql } from './growthSql';
import { KpiSqlContext, kpiById, minVolumeOf, valueAtSql } from './kpiSql';
import { elapsedShareSql, expectedToDateSql, projectedSql } from './pace';
import { windowBounds, yearEarlier } from './windows';
import { windowMs, yearEarlierMs } from './windowMs';
import { Names } from './names';
import { lateral, SourcePass, Which } from './passes';
import { sourceOf } from './sources';
import { targetSql, TargetSql } from './targets';

/** Which KPIs to evaluate, at which instant, for which dimension values. */
export interface EvalRequest {
  /** KPI ids; all KPIs in catalog order when absent. */
  kpiIds?: string[];
  at: Anchor;
  filters?: DimensionFilter[];
  /**
   * Rollups present in the database (core/rollup/probe.ts): a KPI they answer reads their closed
   * hours and raw rows only at the window edges (docs/rollups.md). Absent: raw rows.
   */
  rollups?: RollupPlan[];
}

/** The columns of an eval row, in order. Instants are epoch ms; figures double precision. */
export const EVAL_COLUMNS = [
  'kpi',
  'at_ms',
  'value',
  'previous',
  'window_from_ms',
  'window_to_ms',
  'previous_from_ms',
  'previous_to_ms',
  'last_data_at_ms',
  'stale',
  'target',
  'warning',
  'critical',
  'elapsed_share',
  'projected',
  'expected_to_date',
  'volume',
] as const;

/** The KPIs a request names, in request order (catalog order by default). */
export function requestedKpis(catalog: Catalog, kpiIds?: string[]): Kpi[] {
  return kpiIds === undefined ? catalog.kpis : kpiIds.map((id) => kpiById(catalog, id));
}

/** SQL known only once the passes are written (the references they hand out). */
type Later = () => string;

/** How the statement refers to a computed KPI: by name, never by computing it again. */
interface KpiRefs {
  window: WindowRefs;
  value: Record<Which, Later>;
  lastDataAt: Later;
  stale: Later;
  /** Rows in the current window, for KPIs judged by a minimum volume (a growth KPI: its named KPI's). */
  volume?: Later;
}

/** The eval statement under construction: bounds, source passes, formula laterals. */
class EvalPlan {
  /** Relation aliases (the bounds and row aliases reserved); column names are qualified by them. */
  private readonly aliases = new Names(['a', 'b', 'f', 'k', 'p', 'r', 's', 'v', 'bounds', 'bound_values']);
  private readonly columns = new Names();
  readonly bounds: BoundsBuilder;
  private readonly passes = new Map<string, SourcePass>();
  private readonly refs = new Map<string, KpiRefs>();
  /** The laterals of formula KPIs, operands first. */
  private readonly formulas: Later[] = [];
  /** KPIs read from one rollup over the same window: one read for all (rollupValuesSql). */
  private readonly rolledWindows = new Map<string, RolledWindow>();

  constructor(
    private readonly catalog: Catalog,
    private readonly filters: DimensionFilter[],
    anchor: Anchor,
    private readonly rollups: RollupPlan[] = []
  ) {
    this.bounds = new BoundsBuilder(anchor, catalog.timezone);
  }

  /** The references of a KPI, planning it (and its operands) on first use. */
  kpi(kpi: Kpi): KpiRefs {
    const known = this.refs.get(kpi.id);
    if (known) {
      return known;
    }
    const refs =
      kpi.measure.kind === 'formula'
        ? this.formula(kpi)
        : kpi.measure.kind === 'growth'
          ? this.growth(kpi)
          : this.base(kpi);
    this.refs.set(kpi.id, refs);
    return refs;
  }

  private pass(kpi: Kpi): SourcePass {
    const source = sourceOf(this.catalog, kpi);
    // Viewer filters apply to every KPI of the source; each KPI checks they are declared.
    const conditions = filterConditions(kpi, source, this.filters);
    let pass = this.passes.get(source.name);
    if (!pass) {
      pass = new SourcePass(source, conditions, this.bounds, {
        alias: (wanted) => this.aliases.take(wanted),
        column: (wanted) => this.columns.take(wanted),
      });
      this.passes.set(source.name, pass);
    }
    return pass;
  }

  /** The old scalar-subquery compiler over the same anchor, for what the passes do not cover. */
  private get ctx(): KpiSqlContext {
    return { catalog: this.catalog, filters: this.filters };
  }

  /** A window compared with the same window a year earlier (docs/catalog.md: Comparison period). */
  private compared(kpi: Kpi, window: WindowRefs): WindowRefs {
    if (kpi.compare !== 'year') {
      return window;
    }
    const tz = this.catalog.timezone;
    const atMs = this.bounds.atMs;
    if (atMs !== undefined && window.ms) {
      const ms = { ...window.ms, prevFrom: yearEarlierMs(window.ms.from, tz), prevTo: yearEarlierMs(atMs, tz) };
      const [prevFrom, prevTo] = [instantLiteral(ms.prevFrom), instantLiteral(ms.prevTo)];
      return { ...window, prevFrom, prevTo, range: { ...window.range, prevFrom, prevTo }, ms };
    }
    const [prevFrom, prevTo] = [yearEarlier(window.from, tz), yearEarlier(this.bounds.at, tz)];
    return { ...window, prevFrom, prevTo, range: { ...window.range, prevFrom, prevTo } };
  }

  private base(kpi: Kpi): KpiRefs {
    if (kpi.measure.kind === 'formula' || kpi.measure.kind === 'growth') {
      throw new OpenKpiError(`KPI ${kpi.id} is a ${kpi.measure.kind} KPI`);
    }
    const pass = this.pass(kpi);
    const window = this.compared(kpi, this.bounds.of(kpi.window));
    const rolled = (from: string, to: string) =>
      this.rollups.length === 0
        ? undefined
        : rollupValueSql(this.catalog, kpi, { from, to }, this.filters, this.rollups);
    const rolledCur = rolled(window.range.from, this.bounds.rangeAt);
    // The year-earlier window lies outside the pass's scan range: one scalar subquery of its own.
    const rolledPrev = kpi.compare === 'year' ? undefined : rolled(window.range.prevFrom, window.range.prevTo);
    const cur = rolledCur
      ? { ref: this.rolledRef(kpi, window.range.from, this.bounds.rangeAt) }
      : pass.measure(kpi.measure, { kpi, which: 'cur', window });
    const prev =
      kpi.compare === 'year'
        ? { ref: valueAtSql(this.ctx, kpi, this.bounds.at, 'previous') }
        : rolledPrev
          ? { ref: this.rolledRef(kpi, window.range.prevFrom, window.range.prevTo) }
          : pass.measure(kpi.measure, { kpi, which: 'prev', window });
    const volume = kpi.minVolume === undefined ? undefined : pass.volume(kpi.measure, { kpi, which: 'cur', window });
    const { lastDataAt, stale } = pass.freshnessOf(kpi);
    return {
      window,
      value: { cur: () => cur.ref, prev: () => prev.ref },
      lastDataAt: () => lastDataAt.ref,
      stale: () => stale.ref,
      volume: volume && (() => volume.ref),
    };
  }

  /**
   * A growth KPI (docs/catalog.md: Growth KPIs): its named KPI's change in percent, from that
   * KPI's references; its previous (the growth at the named KPI's comparison-window end, another
   * instant) is a scalar subquery.
   */
  private growth(kpi: Kpi): KpiRefs {
    if (kpi.measure.kind !== 'growth') {
      throw new OpenKpiError(`KPI ${kpi.id} is not a growth KPI`);
    }
    const named = this.kpi(kpiById(this.catalog, kpi.measure.kpi));
    const previous = valueAtSql(this.ctx, kpi, this.bounds.at, 'previous');
    return {
      ...named,
      value: { cur: () => growthSql(named.value.cur(), named.value.prev()), prev: () => previous },
    };
  }

  private formula(kpi: Kpi): KpiRefs {
    if (kpi.measure.kind !== 'formula') {
      throw new OpenKpiError(`KPI ${kpi.id} is not a formula`);
    }
    const ast = kpi.measure.ast;
    const operands = [...new Set(formulaRefs(ast))].map((id) => this.kpi(kpiById(this.catalog, id)));
    const window = this.compared(kpi, this.bounds.of(kpi.window));
    let alias = '';
    this.formulas.push(() => {
      alias = this.aliases.take(kpi.id);
      const value = (which: Which) =>
        which === 'prev' && kpi.compare === 'year'
          ? valueAtSql(this.ctx, kpi, this.bounds.at, 'previous')
          : formulaSql(ast, (id) => this.refs.get(id)!.value[which]());
      const lastDataAt = earliest([...new Set(operands.map((o) => o.lastDataAt()))]);
      const stale = [...new Set(operands.map((o) => o.stale()))].join(' OR ');
      const columns = [
        `${value('cur')} AS value`,
        `${value('prev')} AS previous`,
        `${lastDataAt} AS last_data_at`,
        `(${stale}) AS stale`,
      ];
      // OFFSET 0 keeps this a subquery of its own: computed once and referenced by name, so a
      // formula that uses another twice neither pastes nor computes it twice.
      return lateral([`SELECT ${columns.join(',\n    ')}`, 'OFFSET 0'], alias);
    });
    return {
      window,
      value: { cur: () => `${alias}.value`, prev: () => `${alias}.previous` },
      lastDataAt: () => `${alias}.last_data_at`,
      stale: () => `${alias}.stale`,
    };
  }

  /**
   * A rollup-read KPI's value over `[from, to)`: a column of the one read of its rollup over that
   * window, shared with every KPI of the request that reads the same rollup and window (the 30
   * KPIs of a scorecard over four windows and their previous ones: eight reads, not sixty).
   */
  private rolledRef(kpi: Kpi, from: string, to: string): string {
    const table = planOf(this.rollups, kpi)!.table.join('.');
    const key = JSON.stringify([table, from, to]);
    let read = this.rolledWindows.get(key);
    if (!read) {
      read = { alias: this.aliases.take('rollup'), bounds: { from, to }, kpis: [] };
      this.rolledWindows.set(key, read);
    }
    read.kpis.push(kpi);
    return `${read.alias}.v${read.kpis.length - 1}`;
  }

  /** The FROM chain after `bounds b`: source passes, rollup reads, then formulas in dependency order. */
  laterals(): string[] {
    const passes = [...this.passes.values()].flatMap((p) => p.laterals());
    const rolled = [...this.rolledWindows.values()].map((r) => {
      const sql = rollupValuesSql(this.catalog, r.kpis, r.bounds, this.filters, this.rollups);
      if (sql === undefined) {
        throw new Error(`rollup read of ${r.kpis.map((k) => k.id).join(', ')} cannot be shared`);
      }
      return lateral([sql], r.alias);
    });
    return [...passes, ...rolled, ...this.formulas.map((f) => f())];
  }
}

/** KPIs read from one rollup over one window, and the lateral's alias. */
interface RolledWindow {
  alias: string;
  bounds: { from: string; to: string };
  kpis: Kpi[];
}

/** The earliest of several instants, null when any is null (docs/catalog.md: a formula's lastDataAt). */
function earliest(instants: string[]): string {
  if (instants.length === 1) {
    return instants[0];
  }
  return `CASE WHEN num_nulls(${instants.join(', ')}) = 0 THEN least(${instants.join(', ')}) END`;
}

const ROW_COLUMNS = [
  'ord',
  'kpi',
  'value',
  'previous',
  'window_from',
  'previous_from',
  'previous_to',
  'last_data_at',
  'stale',
  'target',
  'warning',
  'critical',
  'elapsed_share',
  'volume',
];

/** An eval statement and, at a literal instant, what the compiler already knows of each row. */
export interface EvalStatement {
  sql: string;
  /**
   * Per requested KPI, in request order: the columns of EVAL_COLUMNS that are constants at a
   * literal instant (`at_ms` and the windows), which the statement then leaves out. Empty at `now()`.
   */
  constants: Array<Record<string, number>>;
}

/** What the rows of one requested KPI need, before it is written as full or compact row. */
interface RowPlan {
  kpi: Kpi;
  refs: KpiRefs;
  target: TargetSql;
  share: string;
  volume: string;
}

const NULL_FIGURE = 'NULL::double precision';

/**
 * One statement that evaluates every requested KPI at the anchor: one row per KPI, in
 * request order. Bounds are written once (constants at a literal instant, the `bounds` CTE at
 * `now()`); each source is read in as few passes as its measures allow, shared by all KPIs of the
 * request; formulas refer to their operands' values by name. The statement's size grows
 * linearly with the catalog.
 */
export function compileEvalStatement(catalog: Catalog, request: EvalRequest): EvalStatement {
  const kpis = requestedKpis(catalog, request.kpiIds);
  if (kpis.length === 0) {
    throw new OpenKpiError(`nothing to evaluate: catalog ${catalog.name} has no KPIs`);
  }
  const plan = new EvalPlan(catalog, request.filters ?? [], request.at, request.rollups);
  const at = plan.bounds.at;
  const atMs = plan.bounds.atMs;
  const planned = kpis.map((kpi) => plan.kpi(kpi));
  const laterals = plan.laterals();
  const rows: RowPlan[] = kpis.map((kpi, i) => {
    const refs = planned[i];
    const period = windowBounds(kpi.window, at, catalog.timezone);
    // At a literal instant the period end is a constant too (the same rule, windowMs.ts).
    const end =
      atMs === undefined || kpi.window.kind !== 'calendar'
        ? undefined
        : windowMs(kpi.window, atMs, catalog.timezone).periodEnd;
    if (end !== undefined) {
      period.periodEnd = instantLiteral(end);
    }
    return {
      kpi,
      refs,
      target: targetSql(kpi, at, catalog.timezone),
      share: elapsedShareSql(kpi, { ...period, current: { from: refs.window.from, to: at } }),
      volume: minVolumeOf(catalog, kpi) !== undefined && refs.volume ? refs.volume() : 'NULL::float8',
    };
  });
  if (atMs === undefined) {
    return { sql: fullStatement(plan.bounds, laterals, rows), constants: [] };
  }
  const constants = rows.map(({ refs }) => ({
    at_ms: atMs,
    window_from_ms: refs.window.ms!.from,
    window_to_ms: atMs,
    previous_from_ms: refs.window.ms!.prevFrom,
    previous_to_ms: refs.window.ms!.prevTo,
  }));
  return { sql: compactStatement(catalog, laterals, rows), constants };
}

/** compileEvalStatement's SQL (what `openkpi sql` prints). */
export function compileEval(catalog: Catalog, request: EvalRequest): string {
  return compileEvalStatement(catalog, request).sql;
}

/** At `now()`: every column of EVAL_COLUMNS from the statement, over the bounds CTE. */
function fullStatement(bounds: BoundsBuilder, laterals: string[], rows: RowPlan[]): string {
  const values = rows.map(({ kpi, refs: r, target: t, share, volume }, i) => {
    const row = [
      String(i),
      quoteLiteral(kpi.id),
      r.value.cur(),
      r.value.prev(),
      r.window.from,
      r.window.prevFrom,
      r.window.prevTo,
      r.lastDataAt(),
      r.stale(),
      t.target,
      t.warning,
      t.critical,
      share,
      volume,
    ];
    // Identity and value; the windows; freshness; the target and thresholds in force.
    return `  (${row.slice(0, 4).join(', ')},\n    ${row.slice(4, 9).join(', ')},\n    ${row.slice(9).join(', ')})`;
  });
  const ms = (column: string, name: string) => `${epochMs(column)} AS ${name}`;
  const select = [
    `k.kpi, ${ms(bounds.at, 'at_ms')}, k.value, k.previous`,
    ms('k.window_from', 'window_from_ms'),
    ms(bounds.at, 'window_to_ms'),
    ms('k.previous_from', 'previous_from_ms'),
    ms('k.previous_to', 'previous_to_ms'),
    ms('k.last_data_at', 'last_data_at_ms'),
    'k.stale, k.target, k.warning, k.critical, k.elapsed_share',
    `${projectedSql('k.value', 'k.elapsed_share')} AS projected`,
    `${expectedToDateSql('k.target', 'k.elapsed_share')} AS expected_to_date`,
    'k.volume',
  ];
  const head = bounds.head();
  return [
    ...head.with,
    `SELECT ${select.join(',\n  ')}`,
    head.from!,
    ...laterals,
    `CROSS JOIN LATERAL (VALUES\n${values.join(',\n')}\n) k(${ROW_COLUMNS.join(', ')})`,
    'ORDER BY k.ord',
  ].join('\n');
}

/**
 * At a literal instant: only what the database must compute (values, freshness), plus the
 * target, pace and volume columns when a requested KPI has them; absent columns read as null,
 * and the constants (instant, windows) come with the statement (EvalStatement.constants).
 */
function compactStatement(catalog: Catalog, laterals: string[], rows: RowPlan[]): string {
  const many = rows.length > 1;
  const judged = rows.some(
    (r) =>
      r.kpi.pace !== undefined || [r.target.target, r.target.warning, r.target.critical].some((x) => x !== NULL_FIGURE)
  );
  const paced = rows.some((r) => r.kpi.pace !== undefined);
  const counted = rows.some((r) => minVolumeOf(catalog, r.kpi) !== undefined);
  const columns = [
    ...(many ? ['ord'] : []),
    'kpi, value, previous, last_data_at_ms, stale',
    ...(judged ? ['target, warning, critical'] : []),
    ...(paced ? ['elapsed_share'] : []),
    ...(counted ? ['volume'] : []),
  ];
  const values = rows.map(({ kpi, refs: r, target: t, share, volume }, i) => {
    const row = [
      ...(many ? [String(i)] : []),
      quoteLiteral(kpi.id),
      r.value.cur(),
      r.value.prev(),
      epochMs(r.lastDataAt()),
      r.stale(),
      ...(judged ? [t.target, t.warning, t.critical] : []),
      ...(paced ? [share] : []),
      ...(counted ? [volume] : []),
    ];
    return `  (${row.join(', ')})`;
  });
  const pace = paced
    ? [
        `${projectedSql('k.value', 'k.elapsed_share')} AS projected`,
        `${expectedToDateSql('k.target', 'k.elapsed_share')} AS expected_to_date`,
      ]
    : [];
  const [first, ...rest] = laterals;
  return [
    `SELECT ${['k.*', ...pace].join(',\n  ')}`,
    first.replace(/^CROSS JOIN LATERAL /, 'FROM '),
    ...rest,
    `CROSS JOIN LATERAL (VALUES\n${values.join(',\n')}\n) k(${columns.join(', ')})`,
    ...(many ? ['ORDER BY k.ord'] : []),
  ].join('\n');
}

/** How each requested KPI is read: `rollup <table>` (closed hours; raw rows at the edges) or `raw rows`. */
export function evalPaths(
  catalog: Catalog,
  request: EvalRequest
): Array<{ kpi: string; path: string; approximate: boolean }> {
  return requestedKpis(catalog, request.kpiIds).map((kpi) => {
    const read =
      request.rollups && request.rollups.length > 0 && kpi.measure.kind !== 'formula'
        ? rollupValueSql(catalog, kpi, { from: 'now()', to: 'now()' }, request.filters ?? [], request.rollups)
        : undefined;
    return {
      kpi: kpi.id,
      path: read
        ? `rollup ${read.table} (closed hours; raw rows at the edges and after the last refresh)${read.hll ? `; distinct count from the hll extension's sketches in ${read.hll}` : ''}`
        : 'raw rows',
      approximate: read?.approximate ?? false,
    };
  });
}
