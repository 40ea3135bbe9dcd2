import { LineCounter, parseDocument } from 'yaml';
import { MAX_NESTING, findTooDeep } from './depth';
import { formatPath, noPositions, pathAtOffset, yamlPositions } from './positions';
import { Problem } from './problems';
import { ParseResult, validateCatalog } from './validate';

export type { ParseResult } from './validate';

/** Plainer words for YAML errors whose library message speaks to programmers. */
const MESSAGES: Partial<Record<string, string>> = {
  DUPLICATE_KEY: 'duplicate key',
  MULTIPLE_DOCS: 'a catalog is a single YAML document; found another one after "---"',
};

/**
 * Parses a catalog from YAML or JSON text (JSON is YAML 1.2) and validates it. Problems carry
 * the 1-based line and column of the most specific node; YAML syntax errors and duplicate
 * keys are reported with their own positions and stop validation.
 */
export function parseCatalog(text: string, file: string): ParseResult {
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
    const problems = doc.errors.map((e): Problem => {
      const { line, col } = lineCounter.linePos(e.pos[0]);
      const message = MESSAGES[e.code] ?? e.message;
      return { file, line, col, path: formatPath(pathAtOffset(doc, e.pos[0])), message };
    });
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
