import type { Status } from '../core/evaluation/status';

// Placeholder until the core's status vocabulary lands: worst first.
const ORDER: Status[] = ['critical', 'error', 'warning', 'no_data', 'ok'];

export function statusRank(status: Status): number {
  const i = ORDER.indexOf(status);
  return i < 0 ? ORDER.length : i;
}

export const STATUS_ORDER = ORDER;

export const STATUS_LABEL: Record<string, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  no_data: 'No data',
  error: 'Error',
  pending: 'Pending',
  low_volume: 'Low volume',
};

export const STATUS_HEX: Record<string, string> = {
  ok: '#1a7f37',
  warning: '#d97706',
  critical: '#d1242f',
  no_data: '#6e7781',
  error: '#8250df',
  pending: '#0969da',
  low_volume: '#57606a',
};
