import type { Catalog, Kpi } from '../core/catalog/model';
import type { AlertKind } from './alertSql';
import { areaOf } from './dashboards/layout';
import { uids } from './uid';

/** Short suffixes for common Grafana units in notification text (panels format units themselves). */
const SUFFIX: Record<string, string> = { percent: '%', ms: ' ms', s: ' s', m: ' min', h: ' h', d: ' days' };

/** A Go-template expression printing query `refId`'s value with the KPI's decimals and unit. */
function figure(kpi: Kpi, refId: string): string {
  const decimals = kpi.decimals ?? 2;
  const unit = kpi.unit === 'currencyUSD' ? ' USD' : (SUFFIX[kpi.unit ?? ''] ?? '');
  return `{{ printf "%.${decimals}f" $values.${refId}.Value }}${unit}`;
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
  const target = hasTarget(kpi) ? ` (target ${figure(kpi, 'T')})` : '';
  switch (kind) {
    case 'critical':
    case 'warning':
      return `${kpi.name} is ${figure(kpi, 'A')}${target}: ${kind}`;
    case 'info':
      return `${kpi.name} met its target: ${figure(kpi, 'A')}${target}`;
    case 'stale':
      return `${kpi.name}: no recent data (last data {{ humanizeDuration $values.A.Value }} ago) or its query fails`;
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
