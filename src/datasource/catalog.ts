import type { Catalog } from '../core/catalog/model';
import { formatProblem, Problem } from '../core/catalog/problems';
import { parseCatalog, validateCatalogObject } from '../core/catalog/parse';
import { OpenKpiError } from '../core/errors';
import type { KpiDataSourceOptions } from './types';

/** The name problems are reported under for a catalog stored in the data source's jsonData. */
export const JSON_DATA_FILE = 'jsonData.catalog';

/** The file name problems of the edited catalog text are reported under (as in the editor). */
export const EDITOR_FILE = 'catalog.yaml';

/** A catalog read from jsonData: the catalog when valid, the problems otherwise. */
export interface LoadedCatalog {
  catalog?: Catalog;
  problems: Problem[];
}

/** Validates the catalog object stored in jsonData (same schema as the YAML files). */
export function loadCatalog(raw: unknown): LoadedCatalog {
  if (raw === undefined || raw === null || raw === '') {
    return {
      problems: [{ file: JSON_DATA_FILE, line: 0, col: 0, path: '', message: 'no catalog configured' }],
    };
  }
  return validateCatalogObject(raw, JSON_DATA_FILE);
}

/**
 * The catalog a data source runs: the text typed in the editor when there is one (with line and
 * column for every problem), else the provisioned object.
 */
export function loadCatalogFrom(jsonData: KpiDataSourceOptions | undefined): LoadedCatalog {
  const text = jsonData?.catalogText;
  if (typeof text === 'string' && text.trim() !== '') {
    return parseCatalog(text, EDITOR_FILE);
  }
  return loadCatalog(jsonData?.catalog);
}

/** The catalog, or an error naming the first problems (shown on every panel while it is invalid). */
export function requireCatalog(loaded: LoadedCatalog): Catalog {
  if (loaded.catalog) {
    return loaded.catalog;
  }
  const shown = loaded.problems.slice(0, 3).map(formatProblem).join('; ');
  const more = loaded.problems.length > 3 ? ` (and ${loaded.problems.length - 3} more)` : '';
  throw new OpenKpiError(`invalid OpenKPI catalog: ${shown}${more}`);
}
