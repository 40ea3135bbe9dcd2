/** A problem found in a catalog, located in its source text. */
export interface Problem {
  file: string;
  /** 1-based; 0 when the catalog came from an object without positions. */
  line: number;
  /** 1-based; 0 when unknown. */
  col: number;
  /** Where in the catalog, e.g. `kpis[3].measure` or `sources.runs.table`. */
  path: string;
  message: string;
}

/** Longest message kept: library messages may quote a whole paragraph of the input. */
const MAX_MESSAGE = 120;

/** A message on one short line: newlines become spaces and the tail is cut with `…`. */
export function shortMessage(message: string, max = MAX_MESSAGE): string {
  const flat = message.replace(/\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** `FILE:LINE:COL: path: message` — the one line `openkpi validate` prints per problem (docs/cli.md). */
export function formatProblem(p: Problem): string {
  const where = p.path === '' ? '(catalog)' : p.path;
  return `${p.file}:${p.line}:${p.col}: ${where}: ${p.message}`;
}
