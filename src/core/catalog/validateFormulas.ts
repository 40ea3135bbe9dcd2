import { formulaRefs } from './formula';
import { WindowSpec } from './model';
import { Path } from './positions';
import { Report } from './report';
import { KpiDraft } from './validateKpi';

interface Entry {
  draft: KpiDraft;
  path: Path;
}

/**
 * Cross-KPI rules of formula KPIs: references name KPIs of this catalog, never the KPI
 * itself, and never form a cycle (reported as `a -> b -> a`). Then gives each formula KPI
 * without a window the effective window of the first KPI it references.
 *
 * `knownIds` includes KPIs that failed their own checks, so one broken KPI does not also
 * make every formula using it report an unknown reference.
 */
export function validateFormulas(entries: Entry[], knownIds: ReadonlySet<string>, report: Report): void {
  const byId = new Map<string, Entry>();
  for (const e of entries) {
    if (!byId.has(e.draft.id)) {
      byId.set(e.draft.id, e);
    }
  }
  const edges = new Map<string, string[]>();
  for (const { draft, path } of entries) {
    if (draft.measure?.kind !== 'formula') {
      continue;
    }
    const where = [...path, 'measure', 'formula'];
    const refs = formulaRefs(draft.measure.ast);
    if (refs.length === 0) {
      report.error(where, 'a formula must use at least one KPI');
    }
    for (const ref of refs) {
      if (ref === draft.id) {
        report.error(where, `a formula cannot use its own KPI "${ref}"`);
      } else if (!knownIds.has(ref)) {
        report.error(where, `unknown KPI "${ref}" in formula`);
      }
    }
    edges.set(
      draft.id,
      refs.filter((r) => r !== draft.id && byId.get(r)?.draft.measure?.kind === 'formula')
    );
  }
  reportCycles(edges, byId, report);
  for (const { draft } of entries) {
    draft.window ??= effectiveWindow(draft.id, byId, new Set());
  }
}

function reportCycles(edges: Map<string, string[]>, byId: Map<string, Entry>, report: Report): void {
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'active');
    stack.push(id);
    for (const next of edges.get(id) ?? []) {
      if (state.get(next) === 'active') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const entry = byId.get(next)!;
        report.error([...entry.path, 'measure', 'formula'], `formula cycle: ${cycle.join(' -> ')}`);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of edges.keys()) {
    if (!state.has(id)) {
      visit(id);
    }
  }
}

/** A KPI's own window or, for a formula KPI without one, that of its first reference. */
function effectiveWindow(id: string, byId: Map<string, Entry>, seen: Set<string>): WindowSpec | undefined {
  const draft = byId.get(id)?.draft;
  if (!draft || seen.has(id)) {
    return undefined;
  }
  if (draft.window || draft.measure?.kind !== 'formula') {
    return draft.window;
  }
  seen.add(id);
  const first = formulaRefs(draft.measure.ast)[0];
  return first === undefined ? undefined : effectiveWindow(first, byId, seen);
}
