import { QueryBuilder, RuleBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import type { Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import type { Catalog, Kpi } from '../core/catalog/model';
import { AlertKind, dataAgeSql, firingSql, targetNowSql, valueSql } from './alertSql';
import { folderTitle, POSTGRES_TYPE } from './datasources';
import { annotationsFor } from './alertText';
import { areaOf, areasOf, kpiPanelId } from './dashboards/layout';
import { escapeDeep, escapeDollars } from './dollar';
import { uids } from './uid';

/** How often each group runs; KPI windows are hours to months, so minutes are plenty. */
export const EVALUATION_INTERVAL = '5m';
/** Pending period of a breach when the catalog gives no `alert.for`. */
export const DEFAULT_FOR = '30m';
const FOR: Record<Exclude<AlertKind, 'critical' | 'warning'>, string> = { info: '1h', stale: '5m' };

/** Condition refId: a threshold on query B, the firing flag computed in SQL. */
export const CONDITION = 'C';

/** A PostgreSQL query model (Grafana has no SDK builder for it): raw SQL, table format. */
function postgresQuery(refId: string, rawSql: string): { build: () => Dataquery } {
  const model = {
    refId,
    datasource: { type: POSTGRES_TYPE, uid: uids.postgres },
    editorMode: 'code',
    // `table`: time_series would require a time column (GRAFANA-NOTES).
    format: 'table',
    rawQuery: true,
    rawSql,
    intervalMs: 1000,
    maxDataPoints: 43200,
    _implementsDataqueryVariant: () => undefined,
  };
  return { build: () => model };
}

function sqlQuery(refId: string, rawSql: string): QueryBuilder {
  // The compiled SQL anchors at now() and ignores the range; Grafana still requires one.
  return new QueryBuilder(refId)
    .datasourceUid(uids.postgres)
    .relativeTimeRange({ from: 600, to: 0 })
    .model(postgresQuery(refId, rawSql));
}

/** C = B > 0: fires on 1, normal on 0 (B is never NULL, so never NoData). */
function condition(): QueryBuilder {
  const threshold = new TypeThresholdBuilder()
    .refId(CONDITION)
    .datasource({ type: '__expr__', uid: '__expr__' })
    .expression('B')
    .conditions([{ evaluator: { type: 'gt', params: [0] } }]);
  return new QueryBuilder(CONDITION).datasourceUid('__expr__').relativeTimeRange({ from: 0, to: 0 }).model(threshold);
}

/** Which rules a KPI gets: only those that can fire with its thresholds and targets. */
export function alertKindsOf(kpi: Kpi): AlertKind[] {
  if (kpi.alert?.enabled === false) {
    return [];
  }
  const entries = kpi.targets ?? [];
  const hasTarget = kpi.target !== undefined || entries.length > 0;
  const critical = kpi.thresholds?.critical !== undefined || entries.some((e) => e.critical !== undefined);
  const warning =
    kpi.thresholds?.warning !== undefined ||
    (kpi.thresholds === undefined && hasTarget) ||
    entries.some((e) => e.warning !== undefined);
  const kinds: AlertKind[] = [];
  if (critical) {
    kinds.push('critical');
  }
  if (warning) {
    kinds.push('warning');
  }
  if (hasTarget) {
    kinds.push('info');
  }
  kinds.push('stale');
  return kinds;
}

const TITLES: Record<AlertKind, string> = {
  critical: 'critical',
  warning: 'warning',
  info: 'target met',
  stale: 'data stale or failing',
};

/** One provisioned rule, in the file format (the SDK's API shape minus orgID/folderUID/ruleGroup). */
export interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  data: unknown[];
  dashboardUid: string;
  panelId: number;
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

/**
 * The rule of one KPI and kind. Queries: A (the value, or data age for `stale`), T (target in
 * force) when the KPI has a target, B (the firing flag) and C (threshold B > 0, the condition).
 * A query error is `Error` only on the stale rule (labelled severity=stale, so a broken query
 * reaches the data owners, not the critical route); breach rules keep their last state.
 */
export function ruleFor(catalog: Catalog, kpi: Kpi, kind: AlertKind): ProvisionedRule {
  const queries = [sqlQuery('A', kind === 'stale' ? dataAgeSql(catalog, kpi) : valueSql(catalog, kpi))];
  if (kind !== 'stale' && (kpi.target !== undefined || (kpi.targets ?? []).length > 0)) {
    queries.push(sqlQuery('T', targetNowSql(catalog, kpi)));
  }
  queries.push(sqlQuery('B', firingSql(catalog, kpi, kind)), condition());
  const labels: Record<string, string> = { severity: kind, kpi: kpi.id, catalog: catalog.name, area: areaOf(kpi) };
  if (kpi.owner) {
    labels.owner = kpi.owner;
  }
  const built = new RuleBuilder(`${kpi.name} (${kpi.id}): ${TITLES[kind]}`)
    .uid(uids.rule(catalog.name, kpi.id, kind))
    .condition(CONDITION)
    .queries(queries)
    .noDataState(kind === 'stale' ? 'Alerting' : 'OK')
    .execErrState(kind === 'stale' ? 'Error' : 'KeepLast')
    .forDuration(kind === 'critical' || kind === 'warning' ? (kpi.alert?.for ?? DEFAULT_FOR) : FOR[kind])
    .labels(labels)
    .annotations(annotationsFor(catalog, kpi, kind))
    .isPaused(false)
    .build();
  return {
    uid: built.uid!,
    // Titles and labels are interpolated by Grafana; models and annotations are read raw.
    title: escapeDollars(built.title),
    condition: built.condition,
    data: built.data,
    dashboardUid: uids.area(catalog.name, areaOf(kpi)),
    panelId: kpiPanelId(catalog, kpi),
    noDataState: built.noDataState,
    execErrState: built.execErrState,
    for: built.for,
    labels: escapeDeep(built.labels ?? {}) as Record<string, string>,
    annotations: built.annotations ?? {},
    isPaused: built.isPaused ?? false,
  };
}

/** Every rule of a catalog, in catalog order. */
export function rulesOf(catalog: Catalog): Array<{ kpi: Kpi; kind: AlertKind; rule: ProvisionedRule }> {
  return catalog.kpis.flatMap((kpi) =>
    alertKindsOf(kpi).map((kind) => ({ kpi, kind, rule: ruleFor(catalog, kpi, kind) }))
  );
}

/**
 * `provisioning/alerting/<catalog>-rules.yaml`: one group per area (groups share an interval and
 * run their rules one after the other), all in the catalog's folder, next to its dashboards.
 */
export function alertRulesDocument(catalog: Catalog): object {
  const rules = rulesOf(catalog);
  const groups = areasOf(catalog)
    .map((area) => ({
      orgId: 1,
      name: escapeDollars(area),
      folder: escapeDollars(folderTitle(catalog)),
      interval: EVALUATION_INTERVAL,
      rules: rules.filter((r) => areaOf(r.kpi) === area).map((r) => r.rule),
    }))
    .filter((g) => g.rules.length > 0);
  return { apiVersion: 1, groups };
}
