import { Path } from './positions';
import { Report } from './report';
import { KpiDraft } from './validateKpi';

interface Entry {
  draft: KpiDraft;
  path: Path;
}

/**
 * Cross-KPI rules of growth KPIs (docs/catalog.md: Comparison period, Growth KPIs): the named KPI exists, is not the KPI itself, and
 * is neither a growth nor a formula KPI (so growth never nests and never forms a cycle). Then
 * gives each growth KPI its named KPI's window.
 *
 * `knownIds` includes KPIs that failed their own checks, so one broken KPI does not also make
 * the growth KPI naming it report an unknown KPI.
 */
export function validateGrowth(entries: Entry[], knownIds: ReadonlySet<string>, report: Report): void {
  const byId = new Map<string, KpiDraft>();
  for (const { draft } of entries) {
    if (!byId.has(draft.id)) {
      byId.set(draft.id, draft);
    }
  }
  for (const { draft, path } of entries) {
    if (draft.measure?.kind !== 'growth') {
      continue;
    }
    const where = [...path, 'measure', 'growth', 'kpi'];
    const name = draft.measure.kpi;
    const named = byId.get(name);
    if (name === draft.id) {
      report.error(where, 'a growth KPI cannot name itself: name the KPI whose growth it measures');
    } else if (!knownIds.has(name)) {
      report.error(where, `unknown KPI "${name}"`);
    } else if (named?.measure?.kind === 'growth') {
      report.error(
        where,
        `"${name}" is itself a growth KPI: name the KPI it grows from ("${named.measure.kpi}") instead`
      );
    } else if (named?.measure?.kind === 'formula') {
      report.error(where, `"${name}" is a formula KPI: growth needs a KPI that reads a source`);
    } else if (named) {
      draft.window = named.window;
    }
  }
}
