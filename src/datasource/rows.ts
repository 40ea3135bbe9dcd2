import type { DataFrame } from '@grafana/data';

/**
 * The rows of a table frame as plain objects (column name → value), which is what the core's
 * SqlRunner returns. Grafana's PostgreSQL data source sends double precision and integers as
 * numbers and timestamps as epoch milliseconds, so values pass through unchanged.
 */
export function frameToRows(frame: DataFrame): Array<Record<string, unknown>> {
  const rows: Array<Record<string, unknown>> = [];
  for (let i = 0; i < frame.length; i++) {
    const row: Record<string, unknown> = {};
    for (const field of frame.fields) {
      const value = field.values[i];
      row[field.name] = value === undefined ? null : value;
    }
    rows.push(row);
  }
  return rows;
}
