import type { WindowSpec } from '../core/catalog/model';
import { parseWindow } from '../core/catalog/duration';
import { OpenKpiError } from '../core/errors';

const MINUTE = 60_000;

/**
 * A rolling step for Grafana's panel interval: whole minutes (a KPI step is never shorter),
 * written in the largest unit that divides it exactly (`90m`, `3h`, `1d`, `1w`).
 */
export function stepFromInterval(intervalMs: number): WindowSpec {
  const minutes = Math.max(1, Math.ceil((Number.isFinite(intervalMs) ? intervalMs : MINUTE) / MINUTE));
  const units: Array<[number, string]> = [
    [7 * 24 * 60, 'w'],
    [24 * 60, 'd'],
    [60, 'h'],
  ];
  const [size, unit] = units.find(([n]) => minutes % n === 0) ?? [1, 'm'];
  return parseWindow(`${minutes / size}${unit}`) as WindowSpec;
}

/** The Trend step: `auto` (or empty) follows the panel interval; anything else must be a valid step. */
export function resolveStep(step: string, intervalMs: number): WindowSpec {
  if (step === '' || step === 'auto') {
    return stepFromInterval(intervalMs);
  }
  const parsed = parseWindow(step);
  if (!parsed) {
    throw new OpenKpiError(`invalid step "${step}": use auto, 15m, 1h, 1d, 1w, day, week, month, quarter or year`);
  }
  return parsed;
}
