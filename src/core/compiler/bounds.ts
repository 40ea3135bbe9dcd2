import { WindowSpec } from '../catalog/model';
import { BoundRole, periodLength, windowAt, WindowAlgebra } from '../rules/windows';
import { quoteLiteral } from '../sql/quote';
import { Anchor, anchorSql } from './anchor';
import { absoluteInterval } from './windows';
import { windowMs, WindowMs } from './windowMs';

/**
 * The bounds of a statement: the evaluation instant `at` and, once per window the statement
 * uses, where its current and previous windows start and end (docs/catalog.md: Windows). Everything
 * else refers to them by name, so a bound is written once.
 *
 * At a literal instant (`--at`, a dashboard's range end) the compiler knows every bound: it
 * computes them once (windowMs.ts, the same rule) and writes them as timestamptz constants, so the
 * statement has nothing to evaluate per row, the planner estimates every range exactly, and the
 * bounds an evaluation reports are the ones it filtered with.
 *
 * At `now()` (alert rules, `openkpi sql` without `--at`) the bounds are SQL, under two names,
 * because PostgreSQL evaluates a stable expression again for every row compared with it, and
 * plans a scan whose range is a parameter blind (a third of the table, no parallel workers):
 * - `b` (`bound_values`, materialized): the values, computed once; every comparison of a row
 *   within a scan (`FILTER (WHERE s.t >= b.month_from)`) reads them;
 * - `r` (`bounds`, inlined): the expressions; a scan's range (`WHERE s.t >= r.month_prev_from`)
 *   reads them. A rolling bound is cheap to evaluate and stays an expression the planner
 *   estimates; a calendar bound (time-zone arithmetic) is read from `b` instead.
 * `now()` is the transaction's start, so every KPI of a statement sees the same instant.
 */

/** SQL references to one window's bounds, as values and as scan ranges; current windows end at `at`. */
export interface WindowRefs {
  from: string;
  prevFrom: string;
  prevTo: string;
  range: { from: string; prevFrom: string; prevTo: string };
  /** At a literal instant: the bounds themselves, epoch ms. */
  ms?: Omit<WindowMs, 'periodEnd'>;
}

/** The bounds' values, computed once. */
export const B = 'b';
/** The bounds as expressions, for scan ranges. */
export const R = 'r';

/** The column prefix of a window: `month`, `rolling_30d`. */
function prefixOf(spec: WindowSpec): string {
  return spec.kind === 'calendar' ? spec.unit : `rolling_${spec.text}`;
}

/** Absolute instant arithmetic with immutable functions only: via the UTC wall clock. */
const utc = (instant: string, op: string) => `(${instant} AT TIME ZONE 'UTC' ${op}) AT TIME ZONE 'UTC'`;

/**
 * The window rule (core/rules/windows.ts windowAt) as the columns of the bounds CTE: `at`, the
 * instant just before it (`just_before`, 1 µs earlier) and earlier columns by name; absolute
 * arithmetic via the UTC wall clock, calendar periods in PostgreSQL's time-zone arithmetic.
 */
function cteAlgebra(tz: string): WindowAlgebra<string, string> {
  const zone = quoteLiteral(tz);
  return {
    minus: (at, ms) => `${at} - ${absoluteInterval(ms)}`,
    periodStart: (unit) => `date_trunc('${unit}', just_before AT TIME ZONE ${zone})`,
    addPeriods: (unit, start, n) => `(${start} ${n < 0 ? '-' : '+'} interval '${periodLength(unit)}')`,
    // A period's first instant (windowMs.ts periodInstantOfWall says why).
    instant: (wall) => utc(`(${wall} - interval '1 hour') AT TIME ZONE ${zone}`, `+ interval '1 hour'`),
    plusElapsed: (x, at, from) => utc(x, `+ (${at} - ${from})`),
    least: (a, b) => `least(${a}, ${b})`,
    ifEqual: (a, b, then, otherwise) => `CASE WHEN ${a} = ${b} THEN ${then} ELSE ${otherwise} END`,
  };
}

/** An instant as a timestamptz constant (whole seconds without a fraction). */
export function instantLiteral(ms: number): string {
  return `${quoteLiteral(new Date(ms).toISOString().replace('.000Z', 'Z'))}::timestamptz`;
}

export class BoundsBuilder {
  private readonly windows = new Map<string, WindowSpec>();
  /** At a literal instant: each window's bounds, computed once per statement. */
  private readonly literals = new Map<string, WindowMs>();
  /** The literal instant in epoch ms; undefined at `now()`. */
  readonly atMs: number | undefined;
  /** `at` as a value (for comparisons and figures). */
  readonly at: string;
  /** `at` as a scan range. */
  readonly rangeAt: string;

  constructor(
    private readonly anchor: Anchor,
    private readonly tz: string
  ) {
    this.atMs = anchor.kind === 'instant' ? anchor.at.getTime() : undefined;
    this.at = this.atMs === undefined ? `${B}.at` : instantLiteral(this.atMs);
    this.rangeAt = this.atMs === undefined ? `${R}.at` : this.at;
  }

  /** Registers a window and returns references to its bounds. */
  of(spec: WindowSpec): WindowRefs {
    if (this.atMs !== undefined) {
      const key = prefixOf(spec);
      const known = this.literals.get(key) ?? windowMs(spec, this.atMs, this.tz);
      this.literals.set(key, known);
      const { from, prevFrom, prevTo } = known;
      const [f, pf, pt] = [from, prevFrom, prevTo].map(instantLiteral);
      return {
        from: f,
        prevFrom: pf,
        prevTo: pt,
        range: { from: f, prevFrom: pf, prevTo: pt },
        ms: { from, prevFrom, prevTo },
      };
    }
    const p = prefixOf(spec);
    this.windows.set(p, spec);
    const columns = {
      from: `${p}_from`,
      prevFrom: `${p}_prev_from`,
      prevTo: spec.kind === 'rolling' ? `${p}_from` : `${p}_prev_to`,
    };
    const range = spec.kind === 'rolling' ? R : B;
    return {
      from: `${B}.${columns.from}`,
      prevFrom: `${B}.${columns.prevFrom}`,
      prevTo: `${B}.${columns.prevTo}`,
      range: {
        from: `${range}.${columns.from}`,
        prevFrom: `${range}.${columns.prevFrom}`,
        prevTo: `${range}.${columns.prevTo}`,
      },
    };
  }

  /**
   * At `now()`: `WITH bounds AS NOT MATERIALIZED (…), bound_values AS MATERIALIZED (…)` and the
   * `FROM` over them that the statement continues with `CROSS JOIN`s. At a literal instant: none.
   */
  head(): { with: string[]; from: string | undefined } {
    if (this.atMs !== undefined) {
      return { with: [], from: undefined };
    }
    return { with: [this.cte()], from: `FROM bound_values ${B} CROSS JOIN bounds ${R}` };
  }

  private cte(): string {
    const columns = ['at'];
    const starts: string[] = [];
    const instants: string[] = [];
    for (const [p, spec] of this.windows) {
      // The window rule, its steps named as columns: a calendar period's start (local), its
      // instants, then the previous window's end; a rolling window's two starts.
      const finals: string[] = [];
      const name = <V extends string>(role: BoundRole, value: V): V => {
        const def = `${value} AS ${p}_${role}`;
        const stage = role === 'start' ? starts : spec.kind === 'calendar' && role !== 'prev_to' ? instants : finals;
        stage.push(def);
        return `${p}_${role}` as V;
      };
      windowAt(spec, 'at', { ...cteAlgebra(this.tz), name });
      columns.push(
        spec.kind === 'rolling' ? finals.join(', ') : [`${p}_from, ${p}_prev_from`, ...finals].join(',\n    ')
      );
    }
    const from = [`  FROM (SELECT ${anchorSql(this.anchor)} AS at) a`];
    if (starts.length > 0) {
      from.push(
        `  CROSS JOIN LATERAL (SELECT ${utc('at', "- interval '1 microsecond'")} AS just_before) j`,
        `  CROSS JOIN LATERAL (SELECT ${starts.join(',\n    ')}) l`,
        `  CROSS JOIN LATERAL (SELECT\n    ${instants.join(',\n    ')}) p`
      );
    }
    const bounds = `bounds AS NOT MATERIALIZED (\n  SELECT ${columns.join(',\n    ')}\n${from.join('\n')}\n)`;
    return `WITH ${bounds},\nbound_values AS MATERIALIZED (SELECT * FROM bounds)`;
  }
}
