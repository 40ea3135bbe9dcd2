import { DataQueryRequest, DataQueryResponse, LoadingState } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { messageOf } from '../core/evaluation/runner';
import { digest } from '../core/sql/digest';
import { LoadedCatalog, requireCatalog } from './catalog';
import { EvalCoalescer } from './evalCoalescer';
import type { SendStatements } from './grafanaRunner';
import { migrateQuery } from '../query/migrate';
import type { BatchRun } from './refreshWindow';
import { resolveQuery } from './resolve';
import { QueryOutcome, runQuery } from './runQuery';
import { StatementBatch } from './statementBatch';
import type { KpiQuery } from '../query/model';
import type { Catalog } from '../core/catalog/model';
import type { RollupPlan } from '../core/rollup/plan';
import { rollupsOrNone } from '../core/rollup/probe';

/** What answering a refresh needs from the data source instance. */
export interface BatchContext {
  loaded: LoadedCatalog;
  templateSrv: TemplateSrv;
  /** The OpenKPI data source's uid (links, and the requestId). */
  dsUid: string;
  /** Sends statements for a time range (the range only satisfies `/api/ds/query`). */
  sender: (range: { from: number; to: number }) => SendStatements;
  /** Read rollups: probe which exist once per refresh and read them (KpiDataSourceOptions.rollups, on unless turned off). */
  rollups?: boolean;
}

/**
 * The requestId of a refresh: the same panels with the same queries give the same id whatever the
 * time range or variable values, so backendSrv cancels the older call when a newer refresh of
 * those panels starts; a different set of panels (a lazily loaded row) never cancels another.
 */
export function refreshRequestId(dsUid: string, requests: Array<DataQueryRequest<KpiQuery>>): string {
  const shapes = requests.map((r) => JSON.stringify([r.dashboardUID ?? '', r.panelId ?? '', r.targets])).sort();
  return `openkpi-${dsUid}-${digest(shapes.join('\n'))}`;
}

/** One panel's answer: each visible target run through the core, errors per target. */
async function answer(
  request: DataQueryRequest<KpiQuery>,
  context: BatchContext,
  batch: StatementBatch,
  coalescer: EvalCoalescer,
  probe: (catalog: Catalog) => Promise<RollupPlan[]>
): Promise<DataQueryResponse> {
  const ctx = {
    from: request.range.from.toDate(),
    to: request.range.to.toDate(),
    intervalMs: request.intervalMs,
    dsUid: context.dsUid,
  };
  const targets = request.targets
    .filter((t) => !t.hide)
    .map((t) => migrateQuery(t as unknown as Record<string, unknown>));
  const outcomes = await Promise.all(
    targets.map(async (target): Promise<QueryOutcome> => {
      try {
        const catalog = requireCatalog(context.loaded);
        const resolved = resolveQuery(target, context.templateSrv, request.scopedVars);
        const rollups = context.rollups ? probe(catalog) : undefined;
        return await runQuery(catalog, resolved, { ...ctx, rollups }, batch, coalescer.evaluate);
      } catch (e) {
        return { frames: [], errors: [{ refId: target.refId, message: messageOf(e) }] };
      }
    })
  );
  const errors = outcomes.flatMap((o) => o.errors);
  return {
    data: outcomes.flatMap((o) => o.frames),
    errors: errors.length > 0 ? errors : undefined,
    state: errors.length > 0 ? LoadingState.Error : LoadingState.Done,
  };
}

/**
 * Answers the panels of one refresh together: their evaluations merge per instant and filters,
 * their statements travel in as few `/api/ds/query` calls as the work allows (one per round, identical
 * statements once), under the refresh's requestId. Nothing outlives the batch.
 */
export function answerBatch(
  requests: Array<DataQueryRequest<KpiQuery>>,
  context: BatchContext
): BatchRun<DataQueryResponse> {
  const first = requests[0];
  const range = { from: first.range.from.valueOf(), to: first.range.to.valueOf() };
  const batch = new StatementBatch(context.sender(range), refreshRequestId(context.dsUid, requests));
  const coalescer = new EvalCoalescer(batch);
  // One probe per refresh and catalog, in the refresh's first call: nothing is kept after it, so a
  // rollup built or dropped since the last refresh is seen at the next one.
  const probes = new Map<Catalog, Promise<RollupPlan[]>>();
  const probe = (catalog: Catalog) => {
    let found = probes.get(catalog);
    if (!found) {
      // A failed probe reads raw rows: rollups are an optimisation, never a reason for an error.
      found = rollupsOrNone(catalog, batch);
      probes.set(catalog, found);
    }
    return found;
  };
  return {
    answers: requests.map((r) => answer(r, context, batch, coalescer, probe)),
    cancel: () => batch.cancel(),
  };
}
