import type { Catalog, Kpi } from '../core/catalog/model';
import type { AlertKind } from './alertSql';
import { areaOf } from './dashboards/layout';
import { uids } from './uid';

/** Short suffixes for common Grafana units in notification text (panels format units themselves). */
const SUFFIX: Record<string, string> = { percent: '%', ms: ' ms', s: ' s', m: ' min', h: ' h', d: ' days' };

/**
 * A Go-template condition true when query `refId` has a value. Grafana gives a query without a
 * value (no data, NULL, an error) the value NaN, and NaN is the one float not equal to itself.
 */
export function hasValue(refId: string): string {
  return `eq $values.${refId}.Value $values.${refId}.Value`;
}

/** A Go-template expression printing query `refId`'s value with the KPI's decimals and unit (unguarded). */
function printed(kpi: Kpi, refId: string): string {
  const decimals = kpi.decimals ?? 2;
  const unit = kpi.unit === 'currencyUSD' ? ' USD' : (SUFFIX[kpi.unit ?? ''] ?? '');
  return `{{ printf "%.${decimals}f" $values.${refId}.Value }}${unit}`;
}

/** Query `refId`'s value, or "no value" when it has none. */
function figure(kpi: Kpi, refId: string): string {
  return `{{ if ${hasValue(refId)} }}${printed(kpi, refId)}{{ else }}no value{{ end }}`;
}

function hasTarget(kpi: Kpi): boolean {
  return kpi.target !== undefined || (kpi.targets ?? []).length > 0;
}

/** The thresholds as a sentence, e.g. "warning below 95, critical below 90". */
export function thresholdsText(kpi: Kpi): string {
  const word = kpi.direction === 'higher' ? 'below' : 'above';
  if (kpi.targets && kpi.targets.length > 0) {
    return `thresholds follow the target schedule (${kpi.targets.length} entries)`;
  }
  const t = kpi.thresholds;
  const warning = t ? t.warning : kpi.target;
  const parts = [
    warning !== undefined ? `warning ${word} ${warning}` : undefined,
    t?.critical !== undefined ? `critical ${word} ${t.critical}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'no thresholds';
}

function summary(kpi: Kpi, kind: AlertKind): string {
  // No target in force (NULL) leaves the parenthesis out rather than print "NaN".
  const target = hasTarget(kpi) ? `{{ if ${hasValue('T')} }} (target ${printed(kpi, 'T')}){{ end }}` : '';
  switch (kind) {
    case 'critical':
    case 'warning':
      return `${kpi.name} is ${figure(kpi, 'A')}${target}: ${kind}`;
    case 'info':
      return `${kpi.name} met its target: ${figure(kpi, 'A')}${target}`;
    case 'stale':
      return `${kpi.name}: no recent data ({{ if ${hasValue('A')} }}last data {{ humanizeDuration $values.A.Value }} ago{{ else }}no data yet{{ end }}) or its query fails`;
  }
}

/**
 * Annotations of a rule: summary with value and target, description with the KPI's meaning and
 * thresholds, and links to the KPI's detail dashboard. `__dashboardUid__`/`__panelId__` come
 * from the rule's dashboardUid/panelId (the KPI's card on its area dashboard).
 */
export function annotationsFor(catalog: Catalog, kpi: Kpi, kind: AlertKind): Record<string, string> {
  const about = kpi.description ? `${kpi.description}. ` : '';
  const window = `Window ${kpi.window.text}, ${kpi.direction} is better; ${thresholdsText(kpi)}.`;
  const stale = kind === 'stale' ? ' Breach and target alerts of this KPI are held while its data is stale.' : '';
  return {
    summary: summary(kpi, kind),
    description: `${about}${window}${stale} Area ${areaOf(kpi)}, owner ${kpi.owner ?? 'unassigned'}, catalog ${catalog.name}.`,
    dashboard_url: `/d/${uids.detail(catalog.name)}?var-kpi=${encodeURIComponent(kpi.id)}`,
  };
}
