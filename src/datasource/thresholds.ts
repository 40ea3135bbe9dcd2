import { ThresholdsConfig, ThresholdsMode } from '@grafana/data';
import type { Direction } from '../core/catalog/model';
import { STATUS_COLORS } from './statusColors';

export { STATUS_COLORS } from './statusColors';

/**
 * The smallest double greater than `x` (ECMAScript has no Math.nextUp). Hand-written because no
 * maintained package ships it; it steps the IEEE-754 bit pattern, which is exact.
 */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) {
    return x;
  }
  if (x === 0) {
    return Number.MIN_VALUE; // covers -0 too
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, x > 0 ? bits + BigInt(1) : bits - BigInt(1));
  return view.getFloat64(0);
}

interface Step {
  value: number;
  color: string;
}

/**
 * Threshold steps whose colours agree with the status rule of docs/catalog.md exactly, boundaries included.
 * Grafana picks the last step with `value >= step.value`. For `higher`, status breaches when
 * `value < T`, so a step at T itself is right (T is not a breach). For `lower`, status breaches
 * when `value > T`, i.e. `value >= nextUp(T)`: the step sits one double above the threshold.
 */
export function thresholdsFor(direction: Direction, warning: number | null, critical: number | null): ThresholdsConfig {
  const steps: Step[] = [];
  if (direction === 'higher') {
    if (critical !== null && warning !== null) {
      steps.push({ value: -Infinity, color: STATUS_COLORS.critical });
      if (warning > critical) {
        steps.push({ value: critical, color: STATUS_COLORS.warning });
      }
      steps.push({ value: Math.max(warning, critical), color: STATUS_COLORS.ok });
    } else if (critical !== null) {
      steps.push({ value: -Infinity, color: STATUS_COLORS.critical }, { value: critical, color: STATUS_COLORS.ok });
    } else if (warning !== null) {
      steps.push({ value: -Infinity, color: STATUS_COLORS.warning }, { value: warning, color: STATUS_COLORS.ok });
    } else {
      steps.push({ value: -Infinity, color: STATUS_COLORS.ok });
    }
  } else {
    steps.push({ value: -Infinity, color: STATUS_COLORS.ok });
    if (warning !== null && (critical === null || warning < critical)) {
      steps.push({ value: nextUp(warning), color: STATUS_COLORS.warning });
    }
    if (critical !== null) {
      steps.push({ value: nextUp(critical), color: STATUS_COLORS.critical });
    }
  }
  return { mode: ThresholdsMode.Absolute, steps };
}
