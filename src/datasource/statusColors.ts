import type { Status } from '../core/evaluation/status';

// No @grafana/data import here: the generators (run by the Node CLI) use these colours too.

/**
 * Grafana colour names per status; thresholds, value mappings and the status tiles share them.
 * No data is grey (as the app's status badge), readable as text and as a tile background.
 */
export const STATUS_COLORS: Record<Status, string> = {
  ok: 'green',
  warning: 'orange',
  critical: 'red',
  no_data: '#8e8e8e',
  error: 'purple',
};
