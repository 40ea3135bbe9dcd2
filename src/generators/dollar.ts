/**
 * Grafana expands `$NAME`, `${NAME}` and `$__env{NAME}` in most provisioning values and reads
 * `$$` as a literal `$`. Values that must arrive as written (a catalog's SQL, a title) are escaped
 * here. Rule query models and annotations are read raw by Grafana and must NOT be escaped.
 */
export function escapeDollars(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** `escapeDollars` over every string inside a JSON-like value (object keys included). */
export function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') {
    return escapeDollars(value);
  }
  if (Array.isArray(value)) {
    return value.map(escapeDeep);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeDollars(k), escapeDeep(v)]));
  }
  return value;
}
