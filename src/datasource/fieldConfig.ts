import {
  FieldColorModeId,
  FieldConfig,
  MappingType,
  SpecialValueMatch,
  ThresholdsConfig,
  ThresholdsMode,
  ValueMapping,
} from '@grafana/data';
import type { Direction } from '../core/catalog/model';
import { Status, STATUS_COLORS, STATUS_NAMES, STATUSES, statusInfo } from '../core/rules/status';
import { kpiLink } from './links';
import { thresholdsFor } from './thresholds';

/** What field config needs to know about a KPI: its definition plus the thresholds in force. */
export interface KpiDisplay {
  id: string;
  name: string;
  unit?: string;
  decimals?: number;
  direction: Direction;
  warning: number | null;
  critical: number | null;
  /** The OpenKPI data source's uid, for the link to the KPI's page. */
  dsUid?: string;
  /**
   * The KPI's status where it is known (an evaluation at the range end). A status decided before
   * the thresholds (`pending`, `low_volume`) colours the value in that state's colour.
   */
  status?: Status;
  /**
   * True for a paced KPI's to-date value (docs/catalog.md: Pace): the projection is judged, not
   * this figure, so it takes the status's colour instead of the thresholds' (text colour without one).
   */
  paced?: boolean;
}

/** Statuses that no threshold decides: too few events, or too early in the period. */
const GATED: ReadonlySet<Status> = new Set<Status>(['low_volume', 'pending']);

/** One threshold step in a status's colour: whatever the figure, Grafana shows that colour. */
export function statusThresholds(status: Status): ThresholdsConfig {
  return { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: statusInfo(status).color }] };
}

/**
 * The thresholds a KPI figure is coloured with: the KPI's own (they agree with the status)
 * unless the status was decided before them (pending, low volume) or the figure is a paced
 * to-date value; then the one colour of the status.
 */
function figureThresholds(kpi: KpiDisplay): ThresholdsConfig {
  if (kpi.status !== undefined && GATED.has(kpi.status)) {
    return statusThresholds(kpi.status);
  }
  if (kpi.paced) {
    // Without a status (a breakdown row, a trend point) a to-date value has no verdict: neutral text colour.
    return kpi.status !== undefined
      ? statusThresholds(kpi.status)
      : { mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'text' }] };
  }
  return thresholdsFor(kpi.direction, kpi.warning, kpi.critical);
}

/** Natural bounds for a gauge: only for percentages, which have them. */
function minMax(unit?: string): Pick<FieldConfig, 'min' | 'max'> {
  if (unit === 'percent') {
    return { min: 0, max: 100 };
  }
  if (unit === 'percentunit') {
    return { min: 0, max: 1 };
  }
  return {};
}

/**
 * No value (no data, or a failed query) reads "No data" in the no-data colour. Without it Grafana
 * colours null with the lowest threshold step, which is red for a higher-is-better KPI.
 */
export const NO_DATA_MAPPING: ValueMapping = {
  type: MappingType.SpecialValue,
  options: {
    match: SpecialValueMatch.NullAndNaN,
    result: { text: STATUS_NAMES.no_data, color: STATUS_COLORS.no_data },
  },
};

/**
 * Config of a KPI's value field: name, unit, decimals, bounds, a link to the KPI's page,
 * thresholds whose colours agree with the KPI's status (pending and low volume in their own
 * colours, see figureThresholds) and "No data" for a missing value.
 * Data-source config wins over panel defaults, so a plain Stat, Gauge or Table shows the KPI's
 * colours unconfigured.
 */
export function kpiValueConfig(kpi: KpiDisplay): FieldConfig {
  return {
    displayName: kpi.name,
    unit: kpi.unit,
    decimals: kpi.decimals,
    ...minMax(kpi.unit),
    thresholds: figureThresholds(kpi),
    color: { mode: FieldColorModeId.Thresholds },
    mappings: [NO_DATA_MAPPING],
    links: [kpiLink(kpi.id, kpi.dsUid)],
    custom: { cellOptions: { type: 'color-text' } },
  };
}

/** Config of a figure that is not the KPI's value (target, previous…): plain text colour, no thresholds. */
export function figureConfig(displayName: string, unit?: string, decimals?: number): FieldConfig {
  return {
    displayName,
    unit,
    decimals,
    color: { mode: FieldColorModeId.Fixed, fixedColor: 'text' },
  };
}

/** Value mappings that give every status its text and the same colour as the thresholds. */
export const STATUS_MAPPINGS: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: Object.fromEntries(
      STATUSES.map((s, index) => [s, { text: STATUS_NAMES[s], color: STATUS_COLORS[s], index }])
    ),
  },
];

/** Config of a `status` field: coloured text in tables and stats. */
export function statusConfig(displayName = 'Status'): FieldConfig {
  return {
    displayName,
    mappings: STATUS_MAPPINGS,
    color: { mode: FieldColorModeId.Fixed, fixedColor: 'text' },
    custom: { cellOptions: { type: 'color-background' } },
  };
}
