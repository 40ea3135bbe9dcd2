import { LineCounter, parseDocument } from 'yaml';
import { MAX_NESTING, findTooDeep } from './depth';
import { formatPath, noPositions, pathAtOffset, yamlPositions } from './positions';
import { Problem, shortMessage } from './problems';
import { ParseResult, validateCatalog } from './validate';

export type { ParseResult } from './validate';

/** Plainer words for YAML errors whose library message speaks to programmers. */
const MESSAGES: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'duplicate key',
  MULTIPLE_DOCS: 'a catalog is a single YAML document; found another one after "---"',
};

/** A file that is not YAML at all (a README, a licence) yields hundreds of errors: the first few say it. */
const MAX_YAML_PROBLEMS = 20;

/**
 * Parses a catalog from YAML or JSON text (JSON is YAML 1.2) and validates it. Problems carry
 * the 1-based line and column of the most specific node; YAML syntax errors and duplicate
 * keys are reported with their own positions and stop validation. Never throws: whatever the
 * text, the answer is a list of problems with short messages (the editor calls this on
 * every keystroke, the data source on load).
 */
export function parseCatalog(text: string, file: string): ParseResult {
  try {
    return parseText(text, file);
  } catch (e) {
    // Last resort, so a bug shows as one problem instead of a crash; tests assert it never appears.
    const message = `could not check this catalog (a bug in OpenKPI, please report it): ${
      e instanceof Error ? e.message : String(e)
    }`;
    return { problems: [{ file, line: 1, col: 1, path: '', message: shortMessage(message) }] };
  }
}

function parseText(text: string, file: string): ParseResult {
  // Checked before composing: yaml (and everything after it) recurses once per level.
  const depthLines = new LineCounter();
  const tooDeep = findTooDeep(text, depthLines.addNewLine);
  if (tooDeep) {
    const { line, col } = depthLines.linePos(tooDeep.offset);
    const message = `nesting deeper than ${MAX_NESTING} levels (lists and mappings inside each other)`;
    return {
      problems: [{ file, line, col, path: tooDeep.key === undefined ? '' : formatPath([tooDeep.key]), message }],
    };
  }
  const lineCounter = new LineCounter();
  // Core schema (YAML 1.2): `2025-08-10` stays a string and `yes`/`no` are not booleans.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2' });
  if (doc.errors.length > 0) {
    const problems = doc.errors.slice(0, MAX_YAML_PROBLEMS).map((e): Problem => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      const message = MESSAGES[e.code] ?? e.message;
      const path = shortMessage(formatPath(pathAtOffset(doc, e.pos[0])), 60);
      return { file, line, col, path, message: shortMessage(message) };
    });
    const more = doc.errors.length - MAX_YAML_PROBLEMS;
    if (more > 0) {
      const last = problems[problems.length - 1];
      problems.push({ ...last, path: '', message: `and ${more} more YAML errors: is this a catalog file?` });
    }
    return { problems };
  }
  let obj: unknown;
  try {
    obj = doc.toJS();
  } catch (e) {
    // toJS refuses alias bombs ("billion laughs") with an error instead of expanding them.
    return { problems: [{ file, line: 1, col: 1, path: '', message: e instanceof Error ? e.message : String(e) }] };
  }
  return validateCatalog(obj, yamlPositions(doc, lineCounter), file);
}

/**
 * Validates a catalog given as an object (e.g. stored in Grafana jsonData). Same rules as
 * parseCatalog; problems are at line 0, column 0 since there is no text.
 */
export function validateCatalogObject(obj: unknown, file: string): ParseResult {
  return validateCatalog(obj, noPositions, file);
}
