import { QueryBuilder, RuleBuilder } from '@grafana/grafana-foundation-sdk/alerting';
import type { Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import { TypeThresholdBuilder } from '@grafana/grafana-foundation-sdk/expr';
import type { Catalog, Kpi } from '../core/catalog/model';
import { ALERT_KINDS, AlertKind, compileAlertQuery, compileTargetQuery } from '../core/compiler/alertQuery';
import { withJitOff } from '../core/compiler/statement';
import { statusInfo } from '../core/rules/status';
import { hasTarget, stretches } from '../core/rules/targets';
import { annotationsFor, keyResultAnnotations } from './alertText';
import { compileKeyResultAlertQuery } from '../core/objectives/alertQuery';
import { folderTitle, POSTGRES_TYPE } from './datasources';
import { escapeDeep, escapeDollars } from './dollar';
import { ContactPoints, contactPointsOf, NotificationSettings, notificationSettingsFor } from './routing';
import { uids } from './uid';

export type { AlertKind } from '../core/compiler/alertQuery';

/** How often the group runs; KPI windows are hours to months, so minutes are plenty. */
export const EVALUATION_INTERVAL = '5m';
/** Pending period of a breach when the catalog gives no `alert.for`. */
export const DEFAULT_FOR = '30m';
const FOR: Record<Exclude<AlertKind, 'critical' | 'warning'>, string> = { info: '1h', stale: '5m' };
/** Grafana rejects longer rule titles. */
export const MAX_TITLE_LENGTH = 190;
/** The rule group of a catalog's rules (in the catalog's folder). */
export const RULE_GROUP = 'OpenKPI';
/** The label that marks a rule as OpenKPI's and names its catalog (publish only touches these). */
export const CATALOG_LABEL = 'catalog';

/** Condition refId: "has a value" on query A. */
export const CONDITION = 'C';
/**
 * The threshold "within (−MAX, MAX)": true for every finite number, false for NaN (a NULL in a
 * numeric table); a nil value stays NoData (pkg/expr/threshold.go). The `gte` evaluator would say
 * it more plainly but older Grafanas lack it.
 */
export const HAS_VALUE_RANGE = [-Number.MAX_VALUE, Number.MAX_VALUE];

export interface RuleOptions {
  /** Contact points chosen by flags (win over the catalog's `alerting.contactPoints`). */
  contactPoints?: ContactPoints;
  /** Grafana's public URL, for absolute links in annotations. */
  grafanaUrl?: string;
}

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

function sqlQuery(refId: string, sql: string): QueryBuilder {
  // The compiled SQL anchors at now() and ignores the range; Grafana still requires one.
  // JIT off for the statement's transaction, as for every statement sent through Grafana.
  return new QueryBuilder(refId)
    .datasourceUid(uids.postgres)
    .relativeTimeRange({ from: 600, to: 0 })
    .model(postgresQuery(refId, withJitOff(sql)));
}

/** C: A has a value (the statement leaves it NULL unless the KPI's condition holds). */
function condition(): QueryBuilder {
  const threshold = new TypeThresholdBuilder()
    .refId(CONDITION)
    .datasource({ type: '__expr__', uid: '__expr__' })
    .expression('A')
    .conditions([{ evaluator: { type: 'within_range', params: HAS_VALUE_RANGE } }]);
  return new QueryBuilder(CONDITION).datasourceUid('__expr__').relativeTimeRange({ from: 0, to: 0 }).model(threshold);
}

/** Which rules a KPI is watched by: only those that can fire with its thresholds and targets. */
export function alertKindsOf(kpi: Kpi): AlertKind[] {
  if (kpi.alert?.enabled === false) {
    return [];
  }
  // A breach rule for each paging status a threshold in force at some time can produce.
  const kinds: AlertKind[] = [];
  const inForce = stretches(kpi);
  for (const status of ['critical', 'warning'] as const) {
    if (statusInfo(status).pages && inForce.some((s) => s[status] !== null)) {
      kinds.push(status);
    }
  }
  if (hasTarget(kpi)) {
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

/** One rule, in the provisioning file / API shape (minus orgID, folderUID, ruleGroup). */
export interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  data: unknown[];
  noDataState: string;
  execErrState: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
  notification_settings?: NotificationSettings;
}

/** One rule's KPIs: a severity and a pending period. */
export interface RulePlan {
  kind: AlertKind;
  for: string;
  kpis: Kpi[];
  /** The key-result rule (docs/objectives.md, Alert rules): it watches key results, not the KPIs' own statuses. */
  keyResults?: boolean;
}

/** How long a key result stays at risk or missed before the rule fires: statuses move slowly. */
export const KEY_RESULT_FOR = '1h';

/**
 * The key-result rule of a catalog with objectives: `info` severity, so it takes the info
 * routing (a daily digest), over the KPIs its key results watch. Undefined without key results.
 */
export function keyResultPlan(catalog: Catalog): RulePlan | undefined {
  const ids = new Set((catalog.objectives ?? []).flatMap((o) => o.keyResults.map((kr) => kr.kpi)));
  if (ids.size === 0) {
    return undefined;
  }
  return { kind: 'info', for: KEY_RESULT_FOR, kpis: catalog.kpis.filter((k) => ids.has(k.id)), keyResults: true };
}

/** The pending period of a KPI's rule of `kind`. */
export function forOf(kpi: Kpi, kind: AlertKind): string {
  return kind === 'critical' || kind === 'warning' ? (kpi.alert?.for ?? DEFAULT_FOR) : FOR[kind];
}

/**
 * The rules of a catalog: one per severity, split by pending period where KPIs ask for
 * different `alert.for` (Grafana's `for` is per rule). In severity order, then first appearance.
 */
export function rulePlans(catalog: Catalog): RulePlan[] {
  const plans: RulePlan[] = [];
  for (const kind of ALERT_KINDS) {
    const byFor = new Map<string, Kpi[]>();
    for (const kpi of catalog.kpis.filter((k) => alertKindsOf(k).includes(kind))) {
      byFor.set(forOf(kpi, kind), [...(byFor.get(forOf(kpi, kind)) ?? []), kpi]);
    }
    for (const [pending, kpis] of byFor) {
      plans.push({ kind, for: pending, kpis });
    }
  }
  return plans;
}

/** Cuts a title to Grafana's limit, ending in an ellipsis when cut. */
export function capTitle(title: string, max = MAX_TITLE_LENGTH): string {
  return title.length <= max ? title : `${title.slice(0, max - 1)}…`;
}

/**
 * The rule of one plan. Queries: A, the alert statement (one row per KPI, its figure while the
 * condition holds, else NULL); T, the targets in force (cheap, no data scan) when a KPI has one;
 * C, the condition "A has a value". A failing statement is `Error` only on the stale rule
 * (labelled severity=stale, so a broken query reaches the data owners, not the critical route);
 * breach rules keep their last state.
 */
export function ruleFor(catalog: Catalog, plan: RulePlan, options: RuleOptions = {}): ProvisionedRule {
  if (plan.keyResults) {
    return keyResultRule(catalog, plan, options);
  }
  const { kind, kpis } = plan;
  const withTarget = kind !== 'stale' && kpis.some(hasTarget);
  const queries = [sqlQuery('A', compileAlertQuery(catalog, kpis, kind))];
  if (withTarget) {
    queries.push(sqlQuery('T', compileTargetQuery(catalog, kpis)));
  }
  queries.push(condition());
  const split = rulePlans(catalog).filter((p) => p.kind === kind).length > 1;
  const title = `${folderTitle(catalog)}: ${TITLES[kind]}${split ? ` (for ${plan.for})` : ''}`;
  const labels: Record<string, string> = { severity: kind, [CATALOG_LABEL]: catalog.name };
  const built = new RuleBuilder(capTitle(title))
    .uid(uids.rule(catalog.name, kind, plan.for))
    .condition(CONDITION)
    .queries(queries)
    .noDataState('OK')
    .execErrState(kind === 'stale' ? 'Error' : 'KeepLast')
    .forDuration(plan.for)
    .labels(labels)
    .annotations(annotationsFor(catalog, kpis, kind, withTarget, options.grafanaUrl))
    .isPaused(false)
    .build();
  return provisioned(built, notificationSettingsFor(kind, contactPointsOf(catalog, options.contactPoints)));
}

/**
 * The key-result rule: A, the key-result statement (one row per key result, its value while it is
 * at risk or missed, else NULL; core/objectives/alertQuery.ts); C, "A has a value". Severity
 * `info` (labels and routing: the daily digest); a failing statement keeps the last state.
 */
function keyResultRule(catalog: Catalog, plan: RulePlan, options: RuleOptions): ProvisionedRule {
  const built = new RuleBuilder(capTitle(`${folderTitle(catalog)}: key results at risk or missed`))
    .uid(uids.rule(catalog.name, 'key_results', plan.for))
    .condition(CONDITION)
    .queries([sqlQuery('A', compileKeyResultAlertQuery(catalog)), condition()])
    .noDataState('OK')
    .execErrState('KeepLast')
    .forDuration(plan.for)
    .labels({ severity: plan.kind, [CATALOG_LABEL]: catalog.name })
    .annotations(keyResultAnnotations(catalog, plan.kpis, options.grafanaUrl))
    .isPaused(false)
    .build();
  return provisioned(built, notificationSettingsFor(plan.kind, contactPointsOf(catalog, options.contactPoints)));
}

/** The SDK's rule in the provisioning shape, with its routing when a contact point is chosen. */
function provisioned(built: ReturnType<RuleBuilder['build']>, settings?: NotificationSettings): ProvisionedRule {
  return {
    uid: built.uid!,
    title: built.title,
    condition: built.condition,
    data: built.data,
    noDataState: built.noDataState,
    execErrState: built.execErrState,
    for: built.for,
    labels: built.labels ?? {},
    annotations: built.annotations ?? {},
    isPaused: built.isPaused ?? false,
    ...(settings ? { notification_settings: settings } : {}),
  };
}

/** Every rule of a catalog with its plan. */
export function rulesOf(catalog: Catalog, options: RuleOptions = {}): Array<RulePlan & { rule: ProvisionedRule }> {
  const keyResults = keyResultPlan(catalog);
  return [...rulePlans(catalog), ...(keyResults ? [keyResults] : [])].map((plan) => ({
    ...plan,
    rule: ruleFor(catalog, plan, options),
  }));
}

/**
 * `provisioning/alerting/rules-<catalog>.yaml`: the catalog's rules in one group in its folder.
 * Titles, labels and receivers are interpolated by Grafana's file provisioning (`$` → `$$`);
 * query models and annotations are read raw.
 */
export function alertRulesDocument(catalog: Catalog, options: RuleOptions = {}): object {
  const rules = rulesOf(catalog, options).map(({ rule }) => ({
    ...rule,
    title: escapeDollars(rule.title),
    labels: escapeDeep(rule.labels),
    ...(rule.notification_settings
      ? { notification_settings: escapeDeep(rule.notification_settings) as NotificationSettings }
      : {}),
  }));
  if (rules.length === 0) {
    return { apiVersion: 1, groups: [] };
  }
  return {
    apiVersion: 1,
    groups: [
      {
        orgId: 1,
        name: RULE_GROUP,
        folder: escapeDollars(folderTitle(catalog)),
        interval: EVALUATION_INTERVAL,
        rules,
      },
    ],
  };
}
