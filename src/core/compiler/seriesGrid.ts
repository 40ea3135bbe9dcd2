import { rollingMs } from '../catalog/duration';
import type { WindowSpec } from '../catalog/model';

/**
 * Where a series' buckets lie (docs/cli.md, `openkpi series`; docs/provisioning.md, Trend alignment).
 *
 * By default the buckets are laid from `from`: rolling steps at `from + k·step`, calendar steps
 * as the periods (in the catalog zone) from the one containing `from`. A trend that must end at
 * its evaluation instant (a dashboard's Trend panel, a backtest) asks for `endAligned`: its
 * rolling grid is laid back from `to` (`to − ceil((to − from) / step) · step`, at least one step),
 * so the last bucket ends exactly at `to` and the last point is the KPI at that instant, the value
 * a KPI query over the same range shows. Calendar steps and `buckets` mode keep the periods
 * containing `from`.
 */
export function seriesStart(
  from: Date,
  to: Date,
  step: WindowSpec,
  mode: 'trend' | 'buckets',
  endAligned: boolean | undefined
): Date {
  if (!endAligned || step.kind !== 'rolling' || mode !== 'trend') {
    return from;
  }
  const size = rollingMs(step);
  const steps = Math.max(1, Math.ceil((to.getTime() - from.getTime()) / size));
  return new Date(to.getTime() - steps * size);
}
