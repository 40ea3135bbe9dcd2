/**
 * The only two ways a name or a value reaches compiled SQL.
 * Identifiers are always double-quoted (PostgreSQL folds unquoted names to lower case);
 * values are always string literals. Nothing is passed through because it
 * "looks like an expression".
 */

/** Quotes one identifier, or each part of a qualified name: `a.b` parts → `"a"."b"`. */
export function quoteIdent(nameOrParts: string | string[]): string {
  const parts = Array.isArray(nameOrParts) ? nameOrParts : [nameOrParts];
  return parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
}

/**
 * Quotes a string as a SQL literal that means the same text whatever the server's
 * `standard_conforming_strings` (a legacy role or database setting can turn it off, and
 * then a backslash in `'...'` escapes the closing quote).
 *
 * - Without `\` or `$`, `'...'` with quotes doubled reads the same under both settings.
 * - Otherwise the value becomes an escape string `E'...'`, which always reads backslash
 *   escapes: `\` is doubled and `$` is written `\x24`. Grafana's PostgreSQL data source
 *   rewrites `$__interval`, `$__interval_ms` and every `$name(...)` anywhere in the
 *   statement, string literals included, before the server sees it; with no `$` left in
 *   the text, a viewer's value cannot be turned into a macro.
 *
 * A NUL byte cannot be stored in text and is rejected.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) {
    throw new Error('a SQL text value cannot contain a NUL character');
  }
  const quoted = value.replace(/'/g, "''");
  if (!/[\\$]/.test(value)) {
    return `'${quoted}'`;
  }
  return `E'${quoted.replace(/\\/g, '\\\\').replace(/\$/g, '\\x24')}'`;
}

/** A finite number as a SQL numeric literal (negative numbers parenthesised). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) {
    throw new Error(`not a finite number: ${value}`);
  }
  const text = String(value);
  return value < 0 ? `(${text})` : text;
}
