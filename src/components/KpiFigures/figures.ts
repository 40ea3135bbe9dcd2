import type { DataFrame } from '@grafana/data';
import { isStatus, Status } from '../../core/rules/status';

/** One KPI's evaluation as read back from the data source's scorecard frame (instants in epoch ms). */
export interface Figures {
  status: Status;
  value: number | null;
  target: number | null;
  warning: number | null;
  critical: number | null;
  attainment: number | null;
  previous: number | null;
  change: number | null;
  changePercent: number | null;
  windowFrom: number | null;
  windowTo: number | null;
  lastDataAt: number | null;
  stale: boolean;
  error: string | null;
  /** Paced KPIs (null otherwise): the share of the period elapsed, the projection and the target × that share. */
  elapsedShare: number | null;
  projected: number | null;
  expectedToDate: number | null;
  /** KPIs with a minimum volume (null otherwise): rows in the current window. */
  volume: number | null;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && !Number.isNaN(v) ? v : null;
}

/**
 * The figures of KPI `kpiId` from the frames of a `scorecard` query (one row per KPI, a column per
 * figure: see `scorecardFrame` in the data source). Undefined when no frame has a row for it.
 */
export function figuresOf(frames: DataFrame[], kpiId: string): Figures | undefined {
  for (const frame of frames) {
    const field = (name: string) => frame.fields.find((f) => f.name === name);
    const row = field('id')?.values.indexOf(kpiId) ?? -1;
    if (row < 0) {
      continue;
    }
    const at = (name: string): unknown => field(name)?.values[row];
    const num = (name: string) => numberOrNull(at(name));
    const status = at('status');
    const error = at('error');
    return {
      status: isStatus(status) ? status : 'error',
      value: num('value'),
      target: num('target'),
      warning: num('warning'),
      critical: num('critical'),
      attainment: num('attainment'),
      previous: num('previous'),
      change: num('change'),
      changePercent: num('changePercent'),
      windowFrom: num('windowFrom'),
      windowTo: num('windowTo'),
      lastDataAt: num('lastDataAt'),
      stale: at('stale') === true,
      error: typeof error === 'string' && error !== '' ? error : null,
      elapsedShare: num('elapsedShare'),
      projected: num('projected'),
      expectedToDate: num('expectedToDate'),
      volume: num('volume'),
    };
  }
  return undefined;
}
