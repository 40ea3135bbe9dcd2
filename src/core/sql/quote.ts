/**
 * The only two ways a name or a value reaches compiled SQL.
 * Identifiers are always double-quoted (PostgreSQL folds unquoted names to lower case);
 * values are always single-quoted literals. Nothing is passed through because it
 * "looks like an expression".
 */

/** Quotes one identifier, or each part of a qualified name: `a.b` parts → `"a"."b"`. */
export function quoteIdent(nameOrParts: string | string[]): string {
  const parts = Array.isArray(nameOrParts) ? nameOrParts : [nameOrParts];
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

/**
 * Quotes a string as a standard-conforming SQL literal. Backslashes are literal in
 * `'...'` strings (standard_conforming_strings is on since PostgreSQL 9.1), so only
 * quotes are doubled; a NUL byte cannot be stored in text and is rejected.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) {
    throw new Error('a SQL text value cannot contain a NUL character');
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** A finite number as a SQL numeric literal (negative numbers parenthesised). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`not a finite number: ${value}`);
  }
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}
