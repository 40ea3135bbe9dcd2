import type { Catalog, Severity } from '../core/catalog/model';

/** A rule's own routing (Grafana's `notification_settings`): it never needs the policy tree. */
export interface NotificationSettings {
  receiver: string;
  group_by: string[];
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
}

/** Contact point names per severity, from the catalog and/or command-line flags. */
export type ContactPoints = Partial<Record<Severity, string>>;

/**
 * Grouping and timing per severity. Grafana requires `alertname` and `grafana_folder` in a
 * rule's `group_by` unless it is `...` (every alert alone).
 * critical: each KPI alone, sent at once, repeated every 4h; warning and stale: one message
 * per catalog and severity at most hourly; info (target met): a daily digest.
 */
const TIMING: Record<Severity, Omit<NotificationSettings, 'receiver'>> = {
  critical: { group_by: ['...'], group_wait: '10s', group_interval: '1m', repeat_interval: '4h' },
  warning: {
    group_by: ['alertname', 'grafana_folder', 'catalog', 'severity'],
    group_wait: '5m',
    group_interval: '1h',
    repeat_interval: '24h',
  },
  stale: {
    group_by: ['alertname', 'grafana_folder', 'catalog', 'severity'],
    group_wait: '5m',
    group_interval: '1h',
    repeat_interval: '24h',
  },
  info: {
    group_by: ['alertname', 'grafana_folder', 'catalog', 'severity'],
    group_wait: '1h',
    group_interval: '24h',
    repeat_interval: '168h',
  },
};

/** The contact points in force: flags win over the catalog's `alerting.contactPoints`. */
export function contactPointsOf(catalog: Catalog, flags: ContactPoints = {}): ContactPoints {
  return { ...(catalog.alerting?.contactPoints ?? {}), ...flags };
}

/**
 * The `notification_settings` of a severity's rules, or undefined when no contact point is
 * chosen for it: such rules are routed by the organisation's own notification policies.
 */
export function notificationSettingsFor(
  severity: Severity,
  contactPoints: ContactPoints
): NotificationSettings | undefined {
  const receiver = contactPoints[severity];
  return receiver ? { receiver, ...TIMING[severity], group_by: [...TIMING[severity].group_by] } : undefined;
}
