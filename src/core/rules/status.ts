/**
 * The status vocabulary (docs/catalog.md, Thresholds and status): every state a KPI can be in,
 * worst first. `error` means the KPI's query failed; the others come from the status rule
 * below. `stale` is not a status but a flag beside it (the value may be outdated, the status is
 * still computed from it): see docs/engine.md, Statuses.
 */
export const STATUSES = ['critical', 'error', 'warning', 'no_data', 'low_volume', 'pending', 'ok'] as const;

export type Status = (typeof STATUSES)[number];

export interface StatusInfo {
  status: Status;
  /** Display name for people ("No data"). */
  name: string;
  /**
   * Grafana colour: a theme colour name (`green`, `orange`…) or a hex, as @grafana/data's
   * display processor and `theme.visualization.getColorByName` resolve it. One palette for
   * thresholds, value mappings, badges and dashboard tiles.
   */
  color: string;
  /** The same colour as a fixed hex, for renderers without a Grafana theme (HTML and PDF reports). */
  hex: string;
  /** The terminal colour of the CLI table (picocolors' names). */
  terminal: 'green' | 'yellow' | 'red' | 'dim' | 'magenta' | 'blue' | 'cyan';
  /** A @grafana/ui icon name for badges. */
  icon: string;
  /** Whether an alert rule may page on it: only breaches do. */
  pages: boolean;
}

/** One entry per status, in STATUSES order (worst first). */
const INFO: Record<Status, Omit<StatusInfo, 'status'>> = {
  critical: { name: 'Critical', color: 'red', hex: '#d1242f', terminal: 'red', icon: 'fire', pages: true },
  error: { name: 'Error', color: 'purple', hex: '#8250df', terminal: 'magenta', icon: 'bug', pages: false },
  warning: {
    name: 'Warning',
    color: 'orange',
    hex: '#d97706',
    terminal: 'yellow',
    icon: 'exclamation-triangle',
    pages: true,
  },
  no_data: {
    name: 'No data',
    color: '#8e8e8e',
    hex: '#6e7781',
    terminal: 'dim',
    icon: 'question-circle',
    pages: false,
  },
  // Neither red nor green: too few events to judge, or too early in the period for a verdict.
  low_volume: {
    name: 'Low volume',
    color: 'light-blue',
    hex: '#57606a',
    terminal: 'cyan',
    icon: 'arrow-down',
    pages: false,
  },
  pending: { name: 'Pending', color: 'blue', hex: '#0969da', terminal: 'blue', icon: 'clock-nine', pages: false },
  ok: { name: 'OK', color: 'green', hex: '#1a7f37', terminal: 'green', icon: 'check', pages: false },
};

export function statusInfo(status: Status): StatusInfo {
  return { status, ...INFO[status] };
}

/** True for a word of the vocabulary (e.g. a `status` field read back from a frame). */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

/** 0 for the worst status; sort ascending to put the worst first. */
export function severityRank(status: Status): number {
  return STATUSES.indexOf(status);
}

/** The Grafana colour of each status (see StatusInfo.color). */
export const STATUS_COLORS: Readonly<Record<Status, string>> = Object.fromEntries(
  STATUSES.map((s) => [s, INFO[s].color])
) as Record<Status, string>;

/** The report (hex) colour of each status. */
export const STATUS_HEX: Readonly<Record<Status, string>> = Object.fromEntries(
  STATUSES.map((s) => [s, INFO[s].hex])
) as Record<Status, string>;

/** The display name of each status. */
export const STATUS_NAMES: Readonly<Record<Status, string>> = Object.fromEntries(
  STATUSES.map((s) => [s, INFO[s].name])
) as Record<Status, string>;
