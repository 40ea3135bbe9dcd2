import { parseCatalogInstant } from '../rules/instant';
import { CatalogInstant, KeyResult, Objective } from './model';
import { Path } from './positions';
import { NAME, Report, compact } from './report';
import { objectiveSchema } from './schema';
import { brokenAt, checkShape, Issue } from './schemaIssues';
import { inForceAt, instantMs } from '../rules/targets';
import { KpiDraft } from './validateKpi';

export interface ObjectivesContext {
  /** Every KPI id of the catalog, including KPIs that failed their own checks. */
  kpiIds: ReadonlySet<string>;
  /** The KPIs that passed their own checks, by id (for the default target at `by`). */
  kpis: ReadonlyMap<string, KpiDraft>;
  timezone: string;
}

const INSTANT_HINT = 'use YYYY-MM-DD (a day in the catalog time zone) or an ISO timestamp with Z or an offset';

/**
 * `objectives` (docs/objectives.md): ids unique among objectives, key results over KPIs of this catalog,
 * each due (`by`) after its objective's `from`, and each with a target: its own, or the KPI's
 * target in force at `by` (a key result without one could never be judged).
 */
export function validateObjectives(
  raw: unknown[],
  ctx: ObjectivesContext,
  report: Report,
  reportIssues: (issues: Issue[], prefix: Path) => void
): Objective[] {
  const objectives: Objective[] = [];
  const firstIndex = new Map<string, number>();
  raw.forEach((value, i) => {
    const path: Path = ['objectives', i];
    const shape = checkShape(objectiveSchema, value);
    reportIssues(shape.issues, path);
    const data = shape.data;
    if (data === undefined) {
      return;
    }
    const broken = brokenAt(path, shape.dropped);
    if (data.id !== undefined) {
      if (!NAME.test(data.id)) {
        report.error(
          [...path, 'id'],
          `invalid objective id "${data.id}": use lower-case letters, digits and _, starting with a letter`
        );
      }
      const first = firstIndex.get(data.id);
      if (first !== undefined) {
        report.error([...path, 'id'], `duplicate objective id "${data.id}": already used by objectives[${first}]`);
      } else {
        firstIndex.set(data.id, i);
      }
    }
    if (data.title !== undefined && data.title.trim() === '') {
      report.error([...path, 'title'], 'must not be empty');
    }
    const from = data.from === undefined ? undefined : instantAt(data.from, [...path, 'from'], report);
    const fromMs = from && instantMs(from, ctx.timezone);
    const rawResults = data.keyResults ?? [];
    if (data.keyResults !== undefined && rawResults.length === 0) {
      report.error([...path, 'keyResults'], 'an objective needs at least one key result');
    }
    const keyResults: KeyResult[] = [];
    rawResults.forEach((kr, j) => {
      const at: Path = [...path, 'keyResults', j];
      if (kr === undefined || broken(at)) {
        return;
      }
      if (kr.kpi !== undefined && !ctx.kpiIds.has(kr.kpi)) {
        const known = [...ctx.kpiIds].join(', ');
        report.error([...at, 'kpi'], `unknown KPI "${kr.kpi}"; the catalog has: ${known || 'none'}`);
      }
      const by = kr.by === undefined ? undefined : instantAt(kr.by, [...at, 'by'], report);
      const byMs = by && instantMs(by, ctx.timezone);
      if (byMs !== undefined && fromMs !== undefined && !(byMs > fromMs)) {
        report.error([...at, 'by'], `must be after the objective's from (${data.from})`);
      }
      const kpi = kr.kpi === undefined ? undefined : ctx.kpis.get(kr.kpi);
      if (
        kr.target === undefined &&
        kpi &&
        byMs !== undefined &&
        inForceAt(kpi, new Date(byMs), ctx.timezone).target === null
      ) {
        report.error(at, `KPI "${kr.kpi}" has no target in force at ${kr.by}: give the key result a target`);
      }
      if (kr.kpi !== undefined && by !== undefined) {
        keyResults.push(compact({ kpi: kr.kpi, target: kr.target, by, baseline: kr.baseline }));
      }
    });
    if (data.id !== undefined && data.title !== undefined && from !== undefined) {
      objectives.push(
        compact({ id: data.id, title: data.title, owner: data.owner, description: data.description, from, keyResults })
      );
    }
  });
  return objectives;
}

function instantAt(text: string, path: Path, report: Report): CatalogInstant | undefined {
  const instant = parseCatalogInstant(text);
  if (!instant) {
    report.error(path, `invalid date or timestamp "${text}": ${INSTANT_HINT}`);
  }
  return instant;
}
