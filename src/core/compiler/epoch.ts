/**
 * Instants leave compiled SQL as epoch milliseconds (double precision), so the CLI's pg
 * driver and Grafana's data frames hand back the same plain numbers.
 */
export function epochMs(timestamptz: string): string {
  return `(extract(epoch FROM ${timestamptz}) * 1000)::float8`;
}
