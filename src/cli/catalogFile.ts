import { readFile } from 'node:fs/promises';
import type { Catalog } from '../core/catalog/model';
import { parseCatalog } from '../core/catalog/parse';
import { formatProblem, Problem } from '../core/catalog/problems';
import { CliError, errorLine, EXIT, messageOf } from './errors';

/** The text of a catalog file; an unreadable file is a CliError (exit 1). */
export async function readCatalogText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CliError(errorLine(`cannot read file: ${messageOf(err)}`, { file }), EXIT.usage, { cause: err });
  }
}

/** Reads and validates a catalog file; returns its problems (empty when valid) and the catalog. */
export async function checkCatalogFile(file: string): Promise<{ catalog?: Catalog; problems: Problem[] }> {
  const text = await readCatalogText(file);
  return parseCatalog(text, file);
}

/** Reads a catalog file; any problem is a CliError listing every problem as `FILE:LINE:COL: path: message`. */
export async function loadCatalog(file: string): Promise<Catalog> {
  const { catalog, problems } = await checkCatalogFile(file);
  if (problems.length > 0 || !catalog) {
    const lines = problems.length > 0 ? problems.map(formatProblem) : [errorLine('not a valid catalog', { file })];
    throw new CliError(lines, EXIT.usage);
  }
  return catalog;
}
