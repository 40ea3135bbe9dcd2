import { quoteLiteral } from '../sql/quote';
import { epochMs } from './epoch';

/** The columns of a notes row; `time_ms` is epoch ms. */
export const NOTE_COLUMNS = ['kpi', 'time_ms', 'value', 'note', 'recorded_by'] as const;

/**
 * The manual measurements of these KPIs recorded in `[from, to)` that carry a note ("Q3 survey"),
 * oldest first: what a report quotes under "Notes".
 */
export function compileMeasurementNotes(kpiIds: string[], from: Date, to: Date): string {
  const ids = kpiIds.length === 0 ? 'NULL' : kpiIds.map(quoteLiteral).join(', ');
  const bound = (d: Date) => `${quoteLiteral(d.toISOString())}::timestamptz`;
  return [
    `SELECT kpi, ${epochMs('time')} AS time_ms, value, note, recorded_by`,
    'FROM openkpi.measurement',
    `WHERE kpi IN (${ids}) AND time >= ${bound(from)} AND time < ${bound(to)} AND coalesce(note, '') <> ''`,
    'ORDER BY time, kpi',
  ].join('\n');
}
