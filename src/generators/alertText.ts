import type { Catalog, Kpi } from '../core/catalog/model';
import { AlertKind, NEVER_HAD_DATA } from '../core/compiler/alertQuery';
import { BREACH_WORD } from '../core/rules/statusRule';
import { stretches } from '../core/rules/targets';
import { APP_ID } from './datasources';
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

/** How a KPI's figures print: decimals and unit suffix. */
function formatOf(kpi: Kpi): string {
  const unit = kpi.unit === 'currencyUSD' ? ' USD' : (SUFFIX[kpi.unit ?? ''] ?? '');
  return `{{ printf "%.${kpi.decimals ?? 2}f" $values.REF.Value }}${unit}`;
}

/**
 * Query `refId`'s value printed with the instance's KPI's decimals and unit. One rule covers many
 * KPIs, so the format is chosen by the `kpi` label (Go's `eq` takes several alternatives); the
 * most common format is the `else`. Unguarded: callers wrap it in `hasValue`.
 */
function printed(kpis: Kpi[], refId: string): string {
  const byFormat = new Map<string, string[]>();
  for (const kpi of kpis) {
    byFormat.set(formatOf(kpi), [...(byFormat.get(formatOf(kpi)) ?? []), kpi.id]);
  }
  const formats = [...byFormat.entries()].sort((a, b) => b[1].length - a[1].length);
  const print = (format: string) => format.replace('REF', refId);
  if (formats.length === 1) {
    return print(formats[0][0]);
  }
  const branches = formats
    .slice(1)
    .map(
      ([format, ids], i) =>
        `{{ ${i === 0 ? 'if' : 'else if'} eq $labels.kpi ${ids.map((id) => `"${id}"`).join(' ')} }}${print(format)}`
    );
  return `${branches.join('')}{{ else }}${print(formats[0][0])}{{ end }}`;
}

/** Query `refId`'s value, or "no value" when it has none. */
function figure(kpis: Kpi[], refId: string): string {
  return `{{ if ${hasValue(refId)} }}${printed(kpis, refId)}{{ else }}no value{{ end }}`;
}

/**
 * The summary of a paced KPI's breach or target rule: the rule carries its projection, which is
 * what its status judged ("on pace to miss: projected 41 of 50").
 */
function pacedSummary(kpis: Kpi[], kind: 'critical' | 'warning' | 'info', withTarget: boolean): string {
  const name = '{{ $labels.kpi_name }}';
  const of = withTarget ? `{{ if ${hasValue('T')} }} of ${printed(kpis, 'T')}{{ end }}` : '';
  return kind === 'info'
    ? `${name} is on pace to meet its target: projected ${figure(kpis, 'A')}${of}`
    : `${name} is on pace to miss: projected ${figure(kpis, 'A')}${of}: ${kind}`;
}

/** The summary of a rule; instances of paced KPIs (told apart by the `kpi` label) get the paced wording. */
function summary(kpis: Kpi[], kind: AlertKind, withTarget: boolean): string {
  const plain = plainSummary(kpis, kind, withTarget);
  const paced = kpis.filter((k) => k.pace).map((k) => `"${k.id}"`);
  if (kind === 'stale' || paced.length === 0) {
    return plain;
  }
  const onPace = pacedSummary(kpis, kind, withTarget);
  return paced.length === kpis.length
    ? onPace
    : `{{ if eq $labels.kpi ${paced.join(' ')} }}${onPace}{{ else }}${plain}{{ end }}`;
}

function plainSummary(kpis: Kpi[], kind: AlertKind, withTarget: boolean): string {
  const name = '{{ $labels.kpi_name }}';
  // No target in force (NULL) leaves the parenthesis out rather than print "NaN".
  const target = withTarget ? `{{ if ${hasValue('T')} }} (target ${printed(kpis, 'T')}){{ end }}` : '';
  switch (kind) {
    case 'critical':
    case 'warning':
      return `${name} is ${figure(kpis, 'A')}${target}: ${kind}`;
    case 'info':
      return `${name} met its target: ${figure(kpis, 'A')}${target}`;
    case 'stale': {
      const age = `{{ if lt $values.A.Value ${NEVER_HAD_DATA + 0.5} }}no data yet{{ else }}last data {{ humanizeDuration $values.A.Value }} ago{{ end }}`;
      return `${name}: no recent data (${`{{ if ${hasValue('A')} }}${age}{{ else }}data fresh again{{ end }}`}) or its query fails`;
    }
  }
}

/** Where links point: absolute when the Grafana URL is known (publish, `build --grafana-url`), else Grafana-relative. */
export function linkBase(grafanaUrl?: string): string {
  return (grafanaUrl ?? '').replace(/\/+$/, '');
}

/**
 * Annotations of a rule: `summary` with the instance's KPI, value and target; `description` with
 * its area and owner; `dashboard_url` (the KPI detail dashboard) and `kpi_url` (the app's KPI
 * page), absolute when the Grafana URL is known. KPI ids are `[a-z0-9_]`, safe in a URL as they are.
 */
export function annotationsFor(
  catalog: Catalog,
  kpis: Kpi[],
  kind: AlertKind,
  withTarget: boolean,
  grafanaUrl?: string
): Record<string, string> {
  const base = linkBase(grafanaUrl);
  const held = kind === 'stale' ? ' Breach and target alerts of this KPI are held while its data is stale.' : '';
  return {
    summary: summary(kpis, kind, withTarget),
    description: `KPI {{ $labels.kpi }} of catalog ${catalog.name}, area {{ $labels.area }}, owner {{ if $labels.owner }}{{ $labels.owner }}{{ else }}unassigned{{ end }}.${held}`,
    dashboard_url: `${base}/d/${uids.detail(catalog.name)}?var-kpi={{ $labels.kpi }}`,
    kpi_url: `${base}/a/${APP_ID}/kpi/{{ $labels.kpi }}?ds=${uids.kpiDatasource(catalog.name)}`,
  };
}

/** The thresholds as a sentence, e.g. "warning below 95, critical below 90" (panel descriptions). */
export function thresholdsText(kpi: Kpi): string {
  const word = BREACH_WORD[kpi.direction];
  if (kpi.targets && kpi.targets.length > 0) {
    return `thresholds follow the target schedule (${kpi.targets.length} entries)`;
  }
  const { warning, critical } = stretches(kpi)[0];
  const parts = [
    warning !== null ? `warning ${word} ${warning}` : undefined,
    critical !== null ? `critical ${word} ${critical}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'no thresholds';
}

/**
 * Annotations of the key-result rule: `summary` with the objective, the key result's KPI, its
 * status and value (with the target and due date from the labels); `description` with the
 * objective's owner; `dashboard_url` (the objectives dashboard) and `kpi_url` (the app's KPI page).
 */
export function keyResultAnnotations(catalog: Catalog, kpis: Kpi[], grafanaUrl?: string): Record<string, string> {
  const base = linkBase(grafanaUrl);
  const status = '{{ if eq $labels.status "missed" }}missed{{ else }}at risk{{ end }}';
  const target = '{{ if $labels.target }} of target {{ $labels.target }}{{ end }}';
  return {
    summary: `{{ $labels.objective_title }}: key result {{ $labels.kpi_name }} is ${status}: ${figure(kpis, 'A')}${target}, due {{ $labels.due }}`,
    description: `Key result {{ $labels.key_result }} (KPI {{ $labels.kpi }}) of objective {{ $labels.objective }} in catalog ${catalog.name}, owner {{ if $labels.owner }}{{ $labels.owner }}{{ else }}unassigned{{ end }}.`,
    dashboard_url: `${base}/d/${uids.objectives(catalog.name)}`,
    kpi_url: `${base}/a/${APP_ID}/kpi/{{ $labels.kpi }}?ds=${uids.kpiDatasource(catalog.name)}`,
  };
}
