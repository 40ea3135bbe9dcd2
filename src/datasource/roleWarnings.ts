import type { Catalog } from '../core/catalog/model';
import { MAX_PRIVILEGE_ROWS, PrivilegeKind, privilegesSql } from '../core/compiler/catalogQueries';
import type { SqlRunner } from '../core/evaluation/runner';

/** Names shown per warning; the rest is counted. */
const SHOWN = 3;

interface PrivilegeRow {
  kind: PrivilegeKind;
  schema: string | null;
  name: string | null;
}

/**
 * What the PostgreSQL data source's role allows beyond reading the catalog's sources, as short
 * warnings (docs/security.md): the browser sends SQL as the viewer, so a viewer with devtools can
 * run anything this role may. Empty when the role is read-only, limited to the catalog's sources
 * (and OpenKPI's own schema) and has a statement timeout.
 */
export async function roleWarnings(catalog: Catalog, runner: SqlRunner): Promise<string[]> {
  const rows = (await runner.query(privilegesSql(catalog))) as unknown as PrivilegeRow[];
  const of = (kind: PrivilegeKind) => rows.filter((r) => r.kind === kind);
  const warnings: string[] = [];
  if (of('superuser').length > 0) {
    warnings.push('the role is a superuser: viewers can run any SQL on the server');
  } else {
    const write = of('write');
    if (write.length > 0) {
      warnings.push(`the role can write ${listed(write, 'table')}`);
    }
    const create = of('create');
    if (create.length > 0) {
      warnings.push(`the role can create tables in ${listed(create, 'schema')}`);
    }
    const beyond = of('read').filter((r) => !namedBySqlSource(catalog, r));
    if (beyond.length > 0) {
      warnings.push(`the role can read ${listed(beyond, 'table')} that no source of the catalog reads`);
    }
  }
  if (of('no_timeout').length > 0) {
    warnings.push('the role has no statement timeout');
  }
  return warnings;
}

/** `2 tables (a.b, a.c)`, `1000 or more tables (…, …)`. */
function listed(rows: PrivilegeRow[], noun: string): string {
  const names = rows.slice(0, SHOWN).map((r) => (r.name === null ? (r.schema ?? '') : `${r.schema}.${r.name}`));
  const count = rows.length >= MAX_PRIVILEGE_ROWS ? `${MAX_PRIVILEGE_ROWS} or more` : String(rows.length);
  const more = rows.length > SHOWN ? ', …' : '';
  return `${count} ${noun}${rows.length === 1 ? '' : 's'} (${names.join(', ')}${more})`;
}

/** A relation a SQL source names (the SQL is the admin's: matched by name, not parsed). */
function namedBySqlSource(catalog: Catalog, row: PrivilegeRow): boolean {
  const name = (row.name ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const word = new RegExp(`(^|[^A-Za-z0-9_$])"?${name}"?($|[^A-Za-z0-9_$])`, 'i');
  return Object.values(catalog.sources).some((s) => s.sql !== undefined && word.test(s.sql));
}
