import { DataQueryRequest, DataQueryResponse, LoadingState } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { messageOf } from '../core/evaluation/runner';
import { digest } from '../core/sql/digest';
import { LoadedCatalog, requireCatalog } from './catalog';
import { EvalCoalescer } from './evalCoalescer';
import type { SendStatements } from './grafanaRunner';
import { migrateQuery } from '../query/migrate';
import type { BatchRun } from './refreshWindow';
import { ResolvedQuery, resolveQuery } from './resolve';
import { QueryOutcome, queryMayReadRollup, runQuery } from './runQuery';
import { StatementBatch } from './statementBatch';
import type { KpiQuery } from '../query/model';
import type { Catalog } from '../core/catalog/model';
import { rollupPlans, RollupPlan } from '../core/rollup/plan';
import { rollupsOrNone } from '../core/rollup/probe';

/** What answering a refresh needs from the data source instance. */
export interface BatchContext {
  loaded: LoadedCatalog;
  templateSrv: TemplateSrv;
  /** The OpenKPI data source's uid (links, and the requestId). */
  dsUid: string;
  /** Sends statements for a time range (the range only satisfies `/api/ds/query`). */
  sender: (range: { from: number; to: number }) => SendStatements;
  /**
   * Read rollups: probe which exist once per refresh (when some query could read one) and read
   * them (KpiDataSourceOptions.rollups, on unless turned off).
   */
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

/** A visible target of a panel, resolved against the catalog, or the error that is its answer. */
type Prepared = { refId: string } & ({ catalog: Catalog; resolved: ResolvedQuery } | { error: unknown });

/** A panel's visible targets with their template variables expanded (before anything is sent). */
function prepare(request: DataQueryRequest<KpiQuery>, context: BatchContext): Prepared[] {
  return request.targets
    .filter((t) => !t.hide)
    .map((t): Prepared => {
      try {
        const target = migrateQuery(t as unknown as Record<string, unknown>);
        const catalog = requireCatalog(context.loaded);
        return {
          refId: target.refId,
          catalog,
          resolved: resolveQuery(target, context.templateSrv, request.scopedVars),
        };
      } catch (error) {
        return { refId: t.refId, error };
      }
    });
}

/** One panel's answer: each visible target run through the core, errors per target. */
async function answer(
  request: DataQueryRequest<KpiQuery>,
  prepared: Prepared[],
  context: BatchContext,
  batch: StatementBatch,
  coalescer: EvalCoalescer,
  probe: (catalog: Catalog) => Promise<RollupPlan[]> | undefined
): Promise<DataQueryResponse> {
  const ctx = {
    from: request.range.from.toDate(),
    to: request.range.to.toDate(),
    intervalMs: request.intervalMs,
    dsUid: context.dsUid,
  };
  const outcomes = await Promise.all(
    prepared.map(async (p): Promise<QueryOutcome> => {
      const failed = (e: unknown): QueryOutcome => ({
        frames: [],
        errors: [{ refId: p.refId, message: messageOf(e) }],
      });
      if ('error' in p) {
        return failed(p.error);
      }
      try {
        return await runQuery(p.catalog, p.resolved, { ...ctx, rollups: probe(p.catalog) }, batch, coalescer.evaluate);
      } catch (e) {
        return failed(e);
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
 * The catalogs whose rollups some query of the refresh could read (queryMayReadRollup): only
 * those are probed, so a refresh of formulas of manual KPIs, exact percentiles or two-dimension
 * breakdowns sends its statements in its first call.
 */
function catalogsToProbe(queries: Prepared[]): Set<Catalog> {
  const plans = new Map<Catalog, RollupPlan[]>();
  const probed = new Set<Catalog>();
  for (const q of queries) {
    if ('error' in q || probed.has(q.catalog)) {
      continue;
    }
    const catalogPlans = plans.get(q.catalog) ?? rollupPlans(q.catalog);
    plans.set(q.catalog, catalogPlans);
    let reads: boolean;
    try {
      reads = queryMayReadRollup(q.catalog, catalogPlans, q.resolved);
    } catch {
      // Undecided: probe, as every refresh did before; the query reports its own error.
      reads = true;
    }
    if (reads) {
      probed.add(q.catalog);
    }
  }
  return probed;
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
  const prepared = requests.map((r) => prepare(r, context));
  // One probe per refresh and catalog some query could read a rollup of, in the refresh's first call
  // (every query of that catalog waits for it, so the evaluations still merge): nothing is kept
  // after it, so a rollup built or dropped since the last refresh is seen at the next one.
  const probed = context.rollups ? catalogsToProbe(prepared.flat()) : new Set<Catalog>();
  const probes = new Map<Catalog, Promise<RollupPlan[]>>();
  const probe = (catalog: Catalog) => {
    if (!probed.has(catalog)) {
      return undefined;
    }
    let found = probes.get(catalog);
    if (!found) {
      // A failed probe reads raw rows: rollups are an optimisation, never a reason for an error.
      found = rollupsOrNone(catalog, batch);
      probes.set(catalog, found);
    }
    return found;
  };
  return {
    answers: requests.map((r, i) => answer(r, prepared[i], context, batch, coalescer, probe)),
    cancel: () => batch.cancel(),
  };
}
