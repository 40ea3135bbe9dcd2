import { rollingHint } from '../rules/windows';
import { parseDuration, rollingTooLong } from './duration';
import { MANUAL_SOURCE, Source } from './model';
import { Path } from './positions';
import { NAME, Report, SQL_IDENTIFIER, compact } from './report';
import { RawSource } from './schema';
import { Broken, NOTHING_BROKEN } from './schemaIssues';
import { checkSourceSql } from './sqlFragment';

const IDENT_HINT = 'letters, digits and _, not starting with a digit';

/**
 * Semantic checks of one source, converted to the model. `raw` holds the fields that passed
 * their structural check; rules reading a `broken` field are skipped (already reported).
 */
export function validateSource(
  name: string,
  raw: Partial<RawSource>,
  path: Path,
  report: Report,
  broken: Broken = NOTHING_BROKEN
): Source {
  const isBroken = (key: string): boolean => broken([...path, key]);
  if (name === MANUAL_SOURCE.name) {
    report.error(path, '"manual" is the built-in source of manually entered values; choose another name', 'key');
  } else if (!NAME.test(name)) {
    report.error(
      path,
      `invalid source name "${name}": use lower-case letters, digits and _, starting with a letter`,
      'key'
    );
  }

  let table: string[] | undefined;
  if (raw.table !== undefined && raw.sql !== undefined) {
    report.error([...path, 'sql'], 'a source has either table or sql, not both');
  } else if (raw.table === undefined && raw.sql === undefined && !isBroken('table') && !isBroken('sql')) {
    report.error(path, 'a source needs either table (a table or view) or sql (a SELECT)');
  }
  if (raw.table !== undefined) {
    table = raw.table.split('.');
    if (table.length > 2 || !table.every((part) => SQL_IDENTIFIER.test(part))) {
      report.error(
        [...path, 'table'],
        `invalid table "${raw.table}": use table or schema.table, each part ${IDENT_HINT}`
      );
    }
  }
  if (raw.sql !== undefined) {
    const problem = checkSourceSql(raw.sql);
    if (problem) {
      report.error([...path, 'sql'], problem);
    }
  }

  if (raw.time !== undefined && !SQL_IDENTIFIER.test(raw.time)) {
    report.error([...path, 'time'], `invalid column name "${raw.time}": ${IDENT_HINT}`);
  }
  const dimensions = raw.dimensions ?? [];
  dimensions.forEach((dim, i) => {
    if (!SQL_IDENTIFIER.test(dim)) {
      report.error([...path, 'dimensions', i], `invalid column name "${dim}": ${IDENT_HINT}`);
    } else if (dimensions.indexOf(dim) < i) {
      report.error([...path, 'dimensions', i], `dimension "${dim}" is listed twice`);
    }
  });

  let freshnessMs: number | undefined;
  if (raw.freshness !== undefined) {
    freshnessMs = parseDuration(raw.freshness);
    if (freshnessMs === undefined) {
      report.error(
        [...path, 'freshness'],
        `invalid duration ${
          rollingTooLong(raw.freshness) ?? `"${raw.freshness}": use ${rollingHint('or')} with N a positive integer`
        }`
      );
    }
  }

  return compact({
    name,
    table,
    sql: raw.sql,
    // Only returned in a catalog when nothing was reported, so time is set by then.
    time: raw.time ?? '',
    dimensions,
    freshnessMs,
    freshness: raw.freshness,
  });
}
