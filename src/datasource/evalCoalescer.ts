import type { Catalog } from '../core/catalog/model';
import { EvalRequest, EvalResult, evaluateKpis } from '../core/evaluation/evaluate';
import type { StatementBatch } from './statementBatch';

/**
 * How long one evaluation may take in all, its fallback after a failed statement included:
 * Grafana's data proxy gives up on a request after 30 s by default, so later statements would
 * only load the server.
 */
const REQUEST_BUDGET_MS = 30_000;

/** Evaluates KPIs at an instant; the data source's panels all go through one of these per refresh. */
export type Evaluate = (catalog: Catalog, request: EvalRequest) => Promise<EvalResult>;

interface Group {
  catalog: Catalog;
  request: EvalRequest;
  ids: Set<string>;
  waiters: Array<{ ids: string[]; resolve: (r: EvalResult) => void; reject: (e: unknown) => void }>;
}

/**
 * Merges the KPI evaluations asked for in one round of a refresh: requests at the same instant
 * with the same dimension filters become one evaluation of the union of their KPIs (one
 * statement; the compiler shares the scans), and each caller gets its own KPIs back in its own
 * order. Six scorecard panels and forty KPI cards of an overview thus read the data once.
 */
export class EvalCoalescer {
  private groups = new Map<string, Group>();

  constructor(private readonly batch: StatementBatch) {
    // The merged evaluations are compiled just before the round goes out, so they travel with it.
    batch.onBeforeSend(() => this.flush());
  }

  readonly evaluate: Evaluate = (catalog, request) => {
    const ids = request.kpiIds ?? catalog.kpis.map((k) => k.id);
    if (ids.some((id) => !catalog.kpis.some((k) => k.id === id))) {
      // Not merged: the core reports the unknown KPI as it always does.
      return evaluateKpis(catalog, request, this.batch, { budgetMs: REQUEST_BUDGET_MS });
    }
    const key = JSON.stringify([catalog.name, request.at, request.filters ?? []]);
    let group = this.groups.get(key);
    if (!group || group.catalog !== catalog) {
      group = { catalog, request, ids: new Set(), waiters: [] };
      this.groups.set(key, group);
    }
    ids.forEach((id) => group.ids.add(id));
    this.batch.schedule();
    return new Promise((resolve, reject) => group.waiters.push({ ids, resolve, reject }));
  };

  private flush(): void {
    const groups = [...this.groups.values()];
    this.groups = new Map();
    for (const group of groups) {
      // Catalog order, as a scorecard of the whole catalog would have it.
      const kpiIds = group.catalog.kpis.map((k) => k.id).filter((id) => group.ids.has(id));
      evaluateKpis(group.catalog, { ...group.request, kpiIds }, this.batch, { budgetMs: REQUEST_BUDGET_MS }).then(
        (result) =>
          group.waiters.forEach((w) =>
            w.resolve({ ...result, kpis: w.ids.map((id) => result.kpis[kpiIds.indexOf(id)]) })
          ),
        (e) => group.waiters.forEach((w) => w.reject(e))
      );
    }
  }
}
