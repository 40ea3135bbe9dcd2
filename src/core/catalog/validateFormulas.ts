import { formulaRefs } from './formula';
import { FormulaNode, WindowSpec } from './model';
import { Path } from './positions';
import { Report } from './report';
import { KpiDraft } from './validateKpi';

interface Entry {
  draft: KpiDraft;
  path: Path;
}

/**
 * Formulas using formulas: more levels than any real catalog needs (a ratio of two growth
 * rates of two sums is three), and a bound on hostile chains of thousands of KPIs.
 */
export const MAX_FORMULA_LEVELS = 10;
/**
 * How many non-formula KPI values a formula stands for once the formulas it uses are written
 * out (`a` used twice by `b`, `b` twice by `c`… doubles per level). Bounds the statement and
 * the plan PostgreSQL builds for it, whatever the compiler shares.
 */
export const MAX_FORMULA_EXPANSION = 1000;

/**
 * Cross-KPI rules of formula KPIs: references name KPIs of this catalog, never the KPI
 * itself, and never form a cycle (reported as `a -> b -> a`); chains of formulas stay within
 * MAX_FORMULA_LEVELS and MAX_FORMULA_EXPANSION. Then gives each formula KPI without a window
 * the effective window of the first KPI it references.
 *
 * `knownIds` includes KPIs that failed their own checks, so one broken KPI does not also
 * make every formula using it report an unknown reference. Every walk over the KPI graph uses
 * an explicit stack: a chain of 2,000 formulas must not exhaust the call stack.
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
  const cyclic = reportCycles(edges, byId, report);
  if (!cyclic) {
    reportTooLarge(edges, byId, report);
  }
  for (const { draft } of entries) {
    draft.window ??= effectiveWindow(draft.id, byId);
  }
}

/** Depth-first over the formula graph with an explicit stack; true when a cycle was reported. */
function reportCycles(edges: Map<string, string[]>, byId: Map<string, Entry>, report: Report): boolean {
  const state = new Map<string, 'active' | 'done'>();
  let found = false;
  for (const root of edges.keys()) {
    if (state.has(root)) {
      continue;
    }
    // Each frame: a KPI and how many of its references were visited; `path` mirrors the frames.
    const frames: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    const path: string[] = [root];
    state.set(root, 'active');
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const refs = edges.get(frame.id) ?? [];
      if (frame.next >= refs.length) {
        state.set(frame.id, 'done');
        frames.pop();
        path.pop();
        continue;
      }
      const next = refs[frame.next++];
      if (state.get(next) === 'active') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        report.error([...byId.get(next)!.path, 'measure', 'formula'], `formula cycle: ${cycleText(cycle)}`);
        found = true;
      } else if (!state.has(next)) {
        state.set(next, 'active');
        frames.push({ id: next, next: 0 });
        path.push(next);
      }
    }
  }
  return found;
}

/** A cycle named in full when short, by its ends when it runs through hundreds of KPIs. */
function cycleText(cycle: string[]): string {
  if (cycle.length <= 8) {
    return cycle.join(' -> ');
  }
  return `${cycle.slice(0, 3).join(' -> ')} -> … (${cycle.length - 5} more) -> ${cycle.slice(-2).join(' -> ')}`;
}

/** How often each KPI id occurs in a formula (`a + a` uses `a` twice). */
function occurrences(node: FormulaNode): Map<string, number> {
  const counts = new Map<string, number>();
  const stack: FormulaNode[] = [node];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.type === 'ref') {
      counts.set(n.kpi, (counts.get(n.kpi) ?? 0) + 1);
    } else if (n.type === 'neg') {
      stack.push(n.operand);
    } else if (n.type === 'binary') {
      stack.push(n.left, n.right);
    }
  }
  return counts;
}

/**
 * Levels and expansion of every formula KPI (the graph has no cycle by now), computed
 * after the KPIs it uses: a KPI is finished once all its formula references are.
 */
function reportTooLarge(edges: Map<string, string[]>, byId: Map<string, Entry>, report: Report): void {
  const levels = new Map<string, number>();
  const expansion = new Map<string, number>();
  const tooLarge = new Set<string>();
  for (const root of edges.keys()) {
    const stack = [root];
    while (stack.length > 0) {
      const id = stack[stack.length - 1];
      if (levels.has(id)) {
        stack.pop();
        continue;
      }
      const pending = (edges.get(id) ?? []).filter((r) => !levels.has(r));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      const draft = byId.get(id)!.draft;
      let level = 1;
      let size = 0;
      const counts = draft.measure?.kind === 'formula' ? occurrences(draft.measure.ast) : new Map<string, number>();
      for (const [ref, n] of counts) {
        level = Math.max(level, 1 + (levels.get(ref) ?? 0));
        size += n * (expansion.get(ref) ?? 1);
      }
      levels.set(id, level);
      expansion.set(id, Math.min(size, Number.MAX_SAFE_INTEGER));
      // Report where a chain first gets too large, not again on every KPI above it.
      if ((edges.get(id) ?? []).some((r) => tooLarge.has(r))) {
        tooLarge.add(id);
        continue;
      }
      const where = [...byId.get(id)!.path, 'measure', 'formula'];
      if (level > MAX_FORMULA_LEVELS) {
        tooLarge.add(id);
        report.error(
          where,
          `formulas nested ${level} levels deep (a formula using a formula…), more than ${MAX_FORMULA_LEVELS}`
        );
      } else if (size > MAX_FORMULA_EXPANSION) {
        tooLarge.add(id);
        report.error(
          where,
          `this formula stands for ${size} KPI values once the formulas it uses are written out, more than ${MAX_FORMULA_EXPANSION}: use each formula KPI fewer times`
        );
      }
    }
  }
}

/** A KPI's own window or, for a formula KPI without one, that of its first reference (iteratively). */
function effectiveWindow(id: string, byId: Map<string, Entry>): WindowSpec | undefined {
  const seen = new Set<string>();
  for (let at: string | undefined = id; at !== undefined && !seen.has(at);) {
    const draft: KpiDraft | undefined = byId.get(at)?.draft;
    if (!draft) {
      return undefined;
    }
    if (draft.window || draft.measure?.kind !== 'formula') {
      return draft.window;
    }
    seen.add(at);
    at = formulaRefs(draft.measure.ast)[0];
  }
  return undefined;
}
