import { isoInstant } from '../rules/instant';
import { quoteLiteral } from '../sql/quote';

/**
 * The evaluation instant. A literal instant (`--at`, a dashboard's time range end) or
 * `now()` (alert rules, evaluated by PostgreSQL when Grafana runs them). Both go through
 * the same compiler: only the SQL of the anchor differs.
 */
export type Anchor = { kind: 'instant'; at: Date } | { kind: 'now' };

export const NOW: Anchor = { kind: 'now' };

export function instant(at: Date | string): Anchor {
  // Text is read by the one instant parser (core/rules/instant.ts).
  const date = typeof at === 'string' ? isoInstant(at) : at;
  if (Number.isNaN(date.getTime())) {
    throw new Error(`not an ISO-8601 instant: ${String(at)}`);
  }
  return { kind: 'instant', at: date };
}

/** The SQL expression of an anchor, typed timestamptz. */
export function anchorSql(anchor: Anchor): string {
  return anchor.kind === 'now' ? 'now()' : `${quoteLiteral(anchor.at.toISOString())}::timestamptz`;
}
