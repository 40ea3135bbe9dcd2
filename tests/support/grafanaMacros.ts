/**
 * A stand-in for what Grafana's PostgreSQL data source does to a statement before the server
 * sees it (pkg/tsdb/grafana-postgresql-datasource: sqleng's Interpolate, then the postgres macro
 * engine). Both run on the raw text, string literals included:
 *
 * - `$__interval_ms`, `$__interval`, `$__unixEpochFrom()` and `$__unixEpochTo()` are replaced
 *   by plain string replacement;
 * - every `$name(args)` (name of letters, digits and `_`) is a macro call: known names
 *   (`$__timeFilter(col)`, `$__timeFrom()`…) expand, unknown ones fail the query.
 *
 * Only the shape matters to the tests: whether any of this text survives in a statement.
 */
const MACRO_CALL = /\$([_a-zA-Z0-9]+)\(([^)]*)\)/g;

export interface MacroRange {
  from: Date;
  to: Date;
  intervalMs: number;
}

export function expandGrafanaMacros(sql: string, range: MacroRange): string {
  const epoch = (d: Date): string => String(Math.floor(d.getTime() / 1000));
  let out = sql
    .split('$__interval_ms')
    .join(String(range.intervalMs))
    .split('$__interval')
    .join(`${Math.round(range.intervalMs / 1000)}s`)
    .split('$__unixEpochFrom()')
    .join(epoch(range.from))
    .split('$__unixEpochTo()')
    .join(epoch(range.to));
  out = out.replace(MACRO_CALL, (_all, name: string, args: string) => {
    const first = args.split(',')[0].trim();
    switch (name) {
      case '__timeFilter':
        return `${first} BETWEEN '${range.from.toISOString()}' AND '${range.to.toISOString()}'`;
      case '__timeFrom':
        return `'${range.from.toISOString()}'`;
      case '__timeTo':
        return `'${range.to.toISOString()}'`;
      case '__time':
        return `${first} AS "time"`;
      default:
        throw new Error(`unknown macro "${name}"`);
    }
  });
  return out;
}
