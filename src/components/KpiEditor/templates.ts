import type { KpiDraft } from './draft';

/**
 * Common KPIs to start from. Column names are the usual ones (`status`, `duration_ms`…): the form
 * shows them for the author to adapt to the chosen source, and validation and the preview say at
 * once whether they fit.
 */
export interface KpiTemplate {
  key: string;
  label: string;
  description: string;
  draft: (source: string) => KpiDraft;
}

const rate = (filter: string) => ({
  ratio: { numerator: { aggregate: 'count', filter }, denominator: { aggregate: 'count' } },
  scale: 100,
});

export const TEMPLATES: KpiTemplate[] = [
  {
    key: 'success_rate',
    label: 'Success rate',
    description: 'Share of runs that succeeded, in %',
    draft: (source) => ({
      id: 'success_rate',
      name: 'Success rate',
      source,
      unit: 'percent',
      decimals: 1,
      window: '7d',
      measure: rate("status = 'succeeded'"),
      direction: 'higher',
      target: 99,
      thresholds: { warning: 99, critical: 95 },
      minVolume: 20,
    }),
  },
  {
    key: 'p95_latency',
    label: 'p95 latency',
    description: '95th percentile of a duration, lower is better',
    draft: (source) => ({
      id: 'p95_latency',
      name: 'p95 latency',
      source,
      unit: 'ms',
      window: '1d',
      measure: { aggregate: 'p95', expression: 'duration_ms' },
      direction: 'lower',
      target: 500,
      thresholds: { warning: 500, critical: 1000 },
    }),
  },
  {
    key: 'uptime',
    label: 'Uptime',
    description: 'Share of checks that were up, in %',
    draft: (source) => ({
      id: 'uptime',
      name: 'Uptime',
      source,
      unit: 'percent',
      decimals: 2,
      window: '30d',
      measure: rate('is_up'),
      direction: 'higher',
      target: 99.9,
      thresholds: { warning: 99.9, critical: 99.5 },
    }),
  },
  {
    key: 'mttr',
    label: 'MTTR',
    description: 'Mean time to recovery of incidents, in minutes',
    draft: (source) => ({
      id: 'mttr',
      name: 'Mean time to recovery',
      source,
      unit: 'm',
      window: '90d',
      measure: { aggregate: 'avg', expression: 'extract(epoch from resolved_at - started_at) / 60' },
      direction: 'lower',
      target: 60,
      thresholds: { warning: 60, critical: 240 },
    }),
  },
  {
    key: 'nps',
    label: 'NPS',
    description: 'Net Promoter Score from 0–10 survey scores',
    draft: (source) => ({
      id: 'nps',
      name: 'Net Promoter Score',
      source,
      window: '90d',
      measure: { nps: { expression: 'score' } },
      direction: 'higher',
      target: 30,
      thresholds: { warning: 30, critical: 0 },
    }),
  },
  {
    key: 'csat',
    label: 'CSAT',
    description: 'Average satisfaction rating (1–5)',
    draft: (source) => ({
      id: 'csat',
      name: 'Customer satisfaction',
      source,
      decimals: 2,
      window: '90d',
      measure: { aggregate: 'avg', expression: 'rating' },
      direction: 'higher',
      target: 4,
      thresholds: { warning: 4, critical: 3.5 },
    }),
  },
  {
    key: 'churn',
    label: 'Churn rate',
    description: 'Share of customers who cancelled this month, in %',
    draft: (source) => ({
      id: 'churn_rate',
      name: 'Churn rate',
      source,
      unit: 'percent',
      decimals: 1,
      window: 'month',
      measure: rate("event = 'cancelled'"),
      direction: 'lower',
      target: 2,
      thresholds: { warning: 2, critical: 5 },
    }),
  },
  {
    key: 'mrr',
    label: 'MRR',
    description: 'Monthly recurring revenue, the month to date, judged on pace',
    draft: (source) => ({
      id: 'mrr',
      name: 'Monthly recurring revenue',
      source,
      unit: 'currencyUSD',
      window: 'month',
      measure: { aggregate: 'sum', expression: 'amount' },
      direction: 'higher',
      target: 100000,
      pace: { after: 0.2 },
    }),
  },
  {
    key: 'dau_mau',
    label: 'DAU/MAU',
    description: 'Stickiness: daily over monthly active users (needs KPIs dau and mau)',
    draft: () => ({
      id: 'dau_mau',
      name: 'DAU/MAU',
      unit: 'percent',
      decimals: 1,
      measure: { formula: '100 * dau / mau' },
      direction: 'higher',
      target: 20,
    }),
  },
  {
    key: 'error_rate',
    label: 'Error rate',
    description: 'Share of requests that failed (HTTP 5xx), in %',
    draft: (source) => ({
      id: 'error_rate',
      name: 'Error rate',
      source,
      unit: 'percent',
      decimals: 2,
      window: '1d',
      measure: rate('status_code >= 500'),
      direction: 'lower',
      target: 1,
      thresholds: { warning: 1, critical: 5 },
      minVolume: 100,
    }),
  },
];

/** A template's draft with an id (and name) not yet used by the catalog. */
export function fromTemplate(template: KpiTemplate, source: string, takenIds: string[]): KpiDraft {
  const draft = template.draft(source);
  let id = String(draft.id);
  for (let n = 2; takenIds.includes(id); n++) {
    id = `${draft.id}_${n}`;
  }
  return { ...draft, id };
}
