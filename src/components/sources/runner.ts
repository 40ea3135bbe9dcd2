import { getBackendSrv } from '@grafana/runtime';
import type { SqlRunner } from '../../core/evaluation/runner';
import { GrafanaSqlRunner } from '../../datasource/grafanaRunner';
import type { KpiSource } from './sources';

/**
 * A SqlRunner over the source's PostgreSQL data source through Grafana's `/api/ds/query`, as the
 * signed-in user: the pages evaluate with the core directly when they need figures no panel frame
 * carries (pace, volume, the schedule's thresholds per point) or a catalog not saved yet (the editor).
 */
export function sourceRunner(source: Pick<KpiSource, 'postgres' | 'name'>): SqlRunner {
  const postgres = source.postgres;
  if (!postgres) {
    const message = `no PostgreSQL data source is configured for ${source.name}`;
    return { query: () => Promise.reject(new Error(message)) };
  }
  return new GrafanaSqlRunner(getBackendSrv(), postgres);
}
