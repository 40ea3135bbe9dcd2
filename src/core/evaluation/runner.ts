/**
 * Runs one SQL statement and returns its rows as plain objects (column → value). The CLI
 * implements it over `pg`, the data source over Grafana's `/api/ds/query`; the core never
 * knows which. A failure rejects with an Error whose message is PostgreSQL's.
 */
export interface SqlRunner {
  query(sql: string): Promise<Array<Record<string, unknown>>>;
}

/** A column value as a number or null (drivers may hand back numeric strings). */
export function numberOrNull(v: unknown): number | null {
  if (v === null || v === undefined) {
    return null;
  }
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** An epoch-milliseconds column as a UTC ISO string, or null. */
export function isoOrNull(v: unknown): string | null {
  const ms = numberOrNull(v);
  return ms === null ? null : new Date(ms).toISOString();
}

/** A boolean column (drivers may hand back 't'/'f' or 1/0). */
export function booleanOf(v: unknown): boolean {
  return v === true || v === 't' || v === 'true' || v === 1;
}

/** The message of anything thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
