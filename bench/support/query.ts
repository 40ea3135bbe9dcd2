import { Client } from 'pg';

/** Runs one SQL text (several statements: the last one's rows) and returns its rows. */
export type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

export function queryOf(client: Client): Query {
  return async (sql) => {
    const result = (await client.query(sql)) as unknown;
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return (last as { rows: Array<Record<string, unknown>> }).rows;
  };
}

/** A statement's numbers as the bench compares them: value and previous of every row. */
export function figures(rows: Array<Record<string, unknown>>): number[] {
  return rows.flatMap((r) => [Number(r.value), Number(r.previous ?? 0)]);
}
