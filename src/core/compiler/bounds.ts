import { rollingMs } from '../catalog/duration';
import { CalendarUnit, WindowSpec } from '../catalog/model';
import { quoteLiteral } from '../sql/quote';
import { absoluteInterval } from './windows';

/**
 * The `bounds` CTE of a statement: the evaluation instant `at` and, once per window that the
 * statement uses, where its current and previous windows start and end (SPEC §1 Windows).
 * Everything else refers to them by name (`b.month_from`), so a bound is written once.
 *
 * It is `NOT MATERIALIZED` and has no FROM but its own subqueries, so PostgreSQL inlines it:
 * the scans' range conditions become the bound expressions themselves (estimated with their
 * real values, used as index conditions), not parameters hidden in a one-row CTE. `now()` is
 * the transaction's start, so every KPI of a statement is evaluated at the same instant.
 */

/** SQL references to one window's bounds; every current window ends at `at`. */
export interface WindowRefs {
  from: string;
  prevFrom: string;
  prevTo: string;
}

/** The alias of the bounds row in the statements that use it. */
export const B = 'b';

/** `date_trunc` field per calendar unit (week is ISO: Monday first). */
const FIELD: Record<CalendarUnit, string> = { day: 'day', week: 'week', month: 'month', quarter: 'quarter', year: 'year' };

/** The column prefix of a window: `month`, `rolling_30d`. */
function prefixOf(spec: WindowSpec): string {
  return spec.kind === 'calendar' ? spec.unit : `rolling_${spec.text}`;
}

export class BoundsBuilder {
  private readonly windows = new Map<string, WindowSpec>();

  /** @param anchor the instant, `now()` or a timestamptz literal. */
  constructor(
    private readonly anchor: string,
    private readonly tz: string
  ) {}

  /** Registers a window and returns references to its bounds. */
  of(spec: WindowSpec): WindowRefs {
    const p = prefixOf(spec);
    this.windows.set(p, spec);
    return {
      from: `${B}.${p}_from`,
      prevFrom: `${B}.${p}_prev_from`,
      prevTo: spec.kind === 'rolling' ? `${B}.${p}_from` : `${B}.${p}_prev_to`,
    };
  }

  /**
   * `WITH bounds AS NOT MATERIALIZED (…)`, to be followed by the statement. Calendar periods
   * are truncated in the catalog zone (`date_trunc(field, instant, zone)`), so a day in
   * Europe/Berlin on a DST change is 23 or 25 hours long; rolling windows are absolute.
   */
  cte(): string {
    const tz = quoteLiteral(this.tz);
    const columns = ['at'];
    const starts: string[] = [];
    const previous: string[] = [];
    for (const [p, spec] of this.windows) {
      if (spec.kind === 'rolling') {
        const ms = rollingMs(spec);
        columns.push(`at - ${absoluteInterval(ms)} AS ${p}_from`, `at - ${absoluteInterval(2 * ms)} AS ${p}_prev_from`);
        continue;
      }
      const trunc = (instant: string) => `date_trunc('${FIELD[spec.unit]}', ${instant}, ${tz})`;
      // The period containing the instant just before `at`, and the one before it.
      starts.push(`${trunc("at - interval '1 microsecond'")} AS ${p}_from`);
      previous.push(`${trunc(`${p}_from - interval '1 microsecond'`)} AS ${p}_prev_from`);
      // A complete period (`at` starts the next one) compares with the complete previous one; a
      // period to date with the same elapsed absolute duration from the previous period's start.
      const elapsed = `extract(epoch FROM at - ${p}_from) * interval '1 second'`;
      columns.push(
        `${p}_from`,
        `${p}_prev_from`,
        `CASE WHEN ${trunc('at')} = at THEN ${p}_from\n    ELSE least(${p}_prev_from + ${elapsed}, ${p}_from) END AS ${p}_prev_to`
      );
    }
    const from = [`  FROM (SELECT ${this.anchor} AS at) a`];
    if (starts.length > 0) {
      from.push(`  CROSS JOIN LATERAL (SELECT ${starts.join(',\n    ')}) f`);
      from.push(`  CROSS JOIN LATERAL (SELECT ${previous.join(',\n    ')}) p`);
    }
    return `WITH bounds AS NOT MATERIALIZED (\n  SELECT ${columns.join(', ')}\n${from.join('\n')}\n)`;
  }
}
