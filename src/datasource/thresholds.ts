import { ThresholdsConfig, ThresholdsMode } from '@grafana/data';
import type { Direction } from '../core/catalog/model';
import { STATUS_COLORS } from '../core/rules/status';
import { statusBands } from '../core/rules/statusRule';

export { nextUp } from '../core/rules/statusRule';
export { STATUS_COLORS } from '../core/rules/status';

/**
 * Threshold steps whose colours agree with the KPI's status exactly, boundaries included: one
 * step per band of core/rules' statusBands (Grafana picks the last step with `value >= step.value`).
 */
export function thresholdsFor(direction: Direction, warning: number | null, critical: number | null): ThresholdsConfig {
  const steps = statusBands(direction, { warning, critical }).map((b) => ({
    value: b.from,
    color: STATUS_COLORS[b.status],
  }));
  return { mode: ThresholdsMode.Absolute, steps };
}
