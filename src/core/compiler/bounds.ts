import { rollingMs } from '../catalog/duration';
import { CalendarUnit, WindowSpec } from '../catalog/model';
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

/** `date_trunc` field and the length of one period, per calendar unit (week is ISO: Monday first). */
const CALENDAR: Record<CalendarUnit, { field: string; length: string }> = {
  day: { field: 'day', length: '1 day' },
  week: { field: 'week', length: '1 week' },
  month: { field: 'month', length: '1 month' },
  quarter: { field: 'quarter', length: '3 months' },
  year: { field: 'year', length: '1 year' },
};

/** The column prefix of a window: `month`, `rolling_30d`. */
function prefixOf(spec: WindowSpec): string {
  return spec.kind === 'calendar' ? spec.unit : `rolling_${spec.text}`;
}

/** Absolute instant arithmetic with immutable functions only: via the UTC wall clock. */
const utc = (instant: string, op: string) => `(${instant} AT TIME ZONE 'UTC' ${op}) AT TIME ZONE 'UTC'`;

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
    const tz = quoteLiteral(this.tz);
    const columns = ['at'];
    const starts: string[] = [];
    const instants: string[] = [];
    for (const [p, spec] of this.windows) {
      if (spec.kind === 'rolling') {
        const ms = rollingMs(spec);
        columns.push(`at - ${absoluteInterval(ms)} AS ${p}_from, at - ${absoluteInterval(2 * ms)} AS ${p}_prev_from`);
        continue;
      }
      // Local wall time of the start of the period containing the instant just before `at`.
      const { field, length } = CALENDAR[spec.unit];
      starts.push(`date_trunc('${field}', just_before AT TIME ZONE ${tz}) AS ${p}_start`);
      instants.push(
        `${p}_start AT TIME ZONE ${tz} AS ${p}_from`,
        `(${p}_start + interval '${length}') AT TIME ZONE ${tz} AS ${p}_end`,
        `(${p}_start - interval '${length}') AT TIME ZONE ${tz} AS ${p}_prev_from`
      );
      // A complete period compares with the complete previous one; a period to date with the
      // same elapsed absolute duration from the previous period's start, clipped to its end.
      const sameElapsed = utc(`${p}_prev_from`, `+ (at - ${p}_from)`);
      columns.push(
        `${p}_from, ${p}_prev_from,\n    CASE WHEN ${p}_end = at THEN ${p}_from ELSE least(${sameElapsed}, ${p}_from) END AS ${p}_prev_to`
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
