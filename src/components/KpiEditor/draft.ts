import { isMap, isSeq, parseDocument } from 'yaml';
import type { Problem } from '../../core/catalog/problems';

/**
 * A KPI as the editor's form holds it: the catalog's own YAML shape (docs/catalog.md, KPIs), so
 * the form and the YAML editor are two views of one text. Unknown keys ride along untouched.
 */
export type KpiDraft = Record<string, unknown> & {
  id?: string;
  name?: string;
  measure?: Record<string, unknown>;
};

/** The five forms of a measure (docs/catalog.md, Measures), as the form's choice. */
export type MeasureForm = 'aggregate' | 'ratio' | 'nps' | 'formula' | 'growth';

export function measureForm(measure: unknown): MeasureForm {
  const m = (measure ?? {}) as Record<string, unknown>;
  for (const form of ['ratio', 'nps', 'formula', 'growth'] as const) {
    if (form in m) {
      return form;
    }
  }
  return 'aggregate';
}

/** A fresh measure of the chosen form (what the form switches to). */
export function emptyMeasure(form: MeasureForm): Record<string, unknown> {
  switch (form) {
    case 'ratio':
      return { ratio: { numerator: { aggregate: 'count' }, denominator: { aggregate: 'count' } }, scale: 100 };
    case 'nps':
      return { nps: { expression: 'score' } };
    case 'formula':
      return { formula: '' };
    case 'growth':
      return { growth: { kpi: '' } };
    default:
      return { aggregate: 'count' };
  }
}

const YAML_OPTIONS = { version: '1.2' as const, uniqueKeys: true };

function docOf(text: string) {
  return parseDocument(text, YAML_OPTIONS);
}

/** The index of the KPI with this id in the catalog text, or -1 (also for text that is not YAML). */
export function kpiIndex(text: string, id: string): number {
  const kpis = docOf(text).get('kpis');
  if (!isSeq(kpis)) {
    return -1;
  }
  return kpis.items.findIndex((item) => isMap(item) && item.get('id') === id);
}

/** The KPI at `index` as a plain object, or undefined when the text has none there. */
export function readDraft(text: string, index: number): KpiDraft | undefined {
  const doc = docOf(text);
  if (doc.errors.length > 0) {
    return undefined;
  }
  const node = doc.getIn(['kpis', index]);
  return isMap(node) ? (node.toJSON() as KpiDraft) : undefined;
}

/** Drops empty strings, undefined and empty objects, so a cleared field leaves no key behind. */
export function pruned(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(pruned);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = pruned(v);
      if (
        p === undefined ||
        p === '' ||
        (p && typeof p === 'object' && !Array.isArray(p) && Object.keys(p).length === 0)
      ) {
        continue;
      }
      out[k] = p;
    }
    return out;
  }
  return value;
}

/**
 * The catalog text with the KPI at `index` replaced by the draft (index -1 or past the end: added
 * at the end). Everything else, comments included, stays as written.
 */
export function writeDraft(text: string, index: number, draft: KpiDraft): { text: string; index: number } {
  const doc = docOf(text);
  const clean = pruned(draft);
  const kpis = doc.get('kpis');
  if (!isSeq(kpis)) {
    doc.set('kpis', doc.createNode([clean]));
    return { text: String(doc), index: 0 };
  }
  if (index < 0 || index >= kpis.items.length) {
    kpis.items.push(doc.createNode(clean) as never);
    return { text: String(doc), index: kpis.items.length - 1 };
  }
  kpis.items[index] = doc.createNode(clean) as never;
  return { text: String(doc), index };
}

/** The problems of the KPI at `index`, keyed by the field path inside it (`thresholds.warning`, `` for the KPI). */
export function fieldProblems(problems: Problem[], index: number): Map<string, string[]> {
  const prefix = `kpis[${index}]`;
  const out = new Map<string, string[]>();
  for (const p of problems) {
    if (p.path !== prefix && !p.path.startsWith(`${prefix}.`) && !p.path.startsWith(`${prefix}[`)) {
      continue;
    }
    const field = p.path.slice(prefix.length).replace(/^\./, '');
    out.set(field, [...(out.get(field) ?? []), p.message]);
  }
  return out;
}

/** The messages for a form field: its own path and everything under it (`measure` gets `measure.ratio…`). */
export function messagesFor(problems: Map<string, string[]>, field: string): string[] {
  const out: string[] = [];
  for (const [path, messages] of problems) {
    if (path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)) {
      out.push(...messages);
    }
  }
  return out;
}
