import { Catalog, CatalogAlerting, Kpi, Severity, Source } from './model';
import { Path, PositionLookup, formatPath } from './positions';
import { Problem, shortMessage } from './problems';
import { NAME, Report, SLUG, compact } from './report';
import { kpiSchema, sourceSchema, topSchema } from './schema';
import { Issue, brokenAt, checkShape } from './schemaIssues';
import { isValidTimeZone } from './timezone';
import { KpiDraft, validateKpi } from './validateKpi';
import { validateFormulas } from './validateFormulas';
import { validateGrowth } from './validateGrowth';
import { validateObjectives } from './validateObjectives';
import { validateSource } from './validateSource';

/** The result of parsing or validating a catalog; `catalog` is set only when there are no problems. */
export interface ParseResult {
  catalog?: Catalog;
  problems: Problem[];
}

export const API_VERSION: Catalog['apiVersion'] = 'openkpi/v1';

interface Found {
  path: Path;
  message: string;
  at?: 'key';
}

/**
 * Validates a catalog object (already parsed from YAML/JSON) and converts it to the model.
 * All problems are collected (not only the first), located with `positions`, and sorted by
 * line; the one code path serves both text (real positions) and objects (0:0).
 */
export function validateCatalog(raw: unknown, positions: PositionLookup, file: string): ParseResult {
  const found: Found[] = [];
  const report: Report = { error: (path, message, at) => found.push({ path: [...path], message, at }) };
  const catalog = check(raw, report);
  const problems: Problem[] = found.map((f) => ({
    file,
    ...positions(f.path, f.at),
    // Messages quote the catalog's own text (keys, values): keep every problem on one short line.
    path: shortMessage(formatPath(f.path), 80),
    message: shortMessage(f.message, 200),
  }));
  // Array.prototype.sort is stable: problems on one line keep the order they were found in.
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return problems.length === 0 ? { catalog, problems } : { problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reportIssues(issues: Issue[], prefix: Path, report: Report): void {
  for (const issue of issues) {
    report.error([...prefix, ...issue.path], issue.message, issue.at);
  }
}

function check(raw: unknown, report: Report): Catalog | undefined {
  reportIssues(checkShape(topSchema, raw).issues, [], report);
  if (!isRecord(raw)) {
    return undefined;
  }
  // Keep going after structural problems: each part below is checked on its own.
  const str = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);

  const apiVersion = str('apiVersion');
  if (apiVersion !== undefined && apiVersion !== API_VERSION) {
    report.error(['apiVersion'], `unsupported apiVersion "${apiVersion}": expected "${API_VERSION}"`);
  }
  const name = str('name');
  if (name !== undefined && !SLUG.test(name)) {
    report.error(
      ['name'],
      `invalid catalog name "${name}": use lower-case letters, digits and -, starting with a letter`
    );
  }
  let timezone = str('timezone') ?? 'UTC';
  if (!isValidTimeZone(timezone)) {
    report.error(['timezone'], `unknown time zone "${timezone}": use an IANA name such as UTC or Europe/Berlin`);
    timezone = 'UTC';
  }

  const rawSources = isRecord(raw.sources) ? raw.sources : {};
  const sources: Record<string, Source> = {};
  for (const [sourceName, value] of Object.entries(rawSources)) {
    const path = ['sources', sourceName];
    const shape = checkShape(sourceSchema, value);
    reportIssues(shape.issues, path, report);
    if (shape.data === undefined) {
      continue;
    }
    const source = validateSource(sourceName, shape.data, path, report, brokenAt(path, shape.dropped));
    if (NAME.test(sourceName)) {
      sources[sourceName] = source;
    }
  }

  const rawKpis = Array.isArray(raw.kpis) ? raw.kpis : [];
  const rawIds = rawKpis.map((k) => (isRecord(k) && typeof k.id === 'string' ? k.id : undefined));
  const ctx = { sources: new Set(Object.keys(rawSources)), timezone };
  const entries: Array<{ draft: KpiDraft; path: Path }> = [];
  rawKpis.forEach((value, i) => {
    const path = ['kpis', i];
    const shape = checkShape(kpiSchema, value);
    reportIssues(shape.issues, path, report);
    if (shape.data !== undefined) {
      entries.push({ draft: validateKpi(shape.data, path, ctx, report, brokenAt(path, shape.dropped)), path });
    }
    const id = rawIds[i];
    const first = id === undefined ? -1 : rawIds.indexOf(id);
    if (first >= 0 && first < i) {
      report.error([...path, 'id'], `duplicate KPI id "${id}": already used by kpis[${first}]`);
    }
  });
  const kpiIds = new Set(rawIds.filter((id): id is string => id !== undefined));
  // Growth first: a formula using a growth KPI takes the window growth gets from its named KPI.
  validateGrowth(entries, kpiIds, report);
  validateFormulas(entries, kpiIds, report);

  const rawObjectives = Array.isArray(raw.objectives) ? raw.objectives : undefined;
  const objectives =
    rawObjectives &&
    validateObjectives(
      rawObjectives,
      { kpiIds, kpis: new Map(entries.map((e) => [e.draft.id, e.draft])), timezone },
      report,
      (issues, prefix) => reportIssues(issues, prefix, report)
    );
  const alerting = validateAlerting(raw.alerting, report);

  return compact({
    apiVersion: API_VERSION,
    name: name ?? '',
    title: str('title'),
    timezone,
    sources,
    // Only returned when nothing was reported, so every draft is complete by then.
    kpis: entries.map((e) => e.draft as Kpi),
    objectives,
    alerting,
    approximate: typeof raw.approximate === 'boolean' ? raw.approximate : undefined,
  });
}

/** `alerting.contactPoints`: contact point names per severity (the shape is checked by topSchema). */
function validateAlerting(raw: unknown, report: Report): CatalogAlerting | undefined {
  if (!isRecord(raw) || !isRecord(raw.contactPoints)) {
    return undefined;
  }
  const contactPoints: Partial<Record<Severity, string>> = {};
  for (const [severity, name] of Object.entries(raw.contactPoints)) {
    if (typeof name !== 'string') {
      continue;
    }
    if (name.trim() === '') {
      report.error(
        ['alerting', 'contactPoints', severity],
        'empty contact point name: name a contact point of your Grafana, or leave the key out'
      );
    }
    contactPoints[severity as Severity] = name.trim();
  }
  return { contactPoints };
}
