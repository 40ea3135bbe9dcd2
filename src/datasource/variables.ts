import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** Returned for a variable set to "All": the caller drops the filter instead of listing every value. */
export const ALL = Symbol('all');

// Grafana's variable syntax: `$name`, `[[name]]`, `[[name:format]]`, `${name}`, `${name.field}`, `${name:format}`.
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;
const ALL_VALUE = '$__all';

function isAllSelected(name: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): boolean {
  const scoped = scopedVars?.[name];
  if (scoped) {
    return scoped.value === ALL_VALUE;
  }
  const variable = templateSrv.getVariables().find((v) => v.name === name) as
    { current?: { value?: unknown } } | undefined;
  const value = variable?.current?.value;
  return value === ALL_VALUE || (Array.isArray(value) && value.includes(ALL_VALUE));
}

/** The one variable an entry consists of (`$team`, `${team:csv}`, `[[team]]`), or undefined. */
function wholeVariable(entry: string): string | undefined {
  const matches = [...entry.matchAll(VARIABLE)];
  if (matches.length !== 1 || matches[0][0] !== entry) {
    return undefined;
  }
  const m = matches[0];
  return m[1] ?? m[2] ?? m[4];
}

/**
 * Every variable reference written without its format (`${team:csv}` → `${team}`). Grafana
 * applies a format written in the text instead of the format function the caller passes, so
 * `${team:regex}` would hand back `(red|blue)` as one value; the data source wants the values.
 */
function withoutFormats(entry: string): string {
  return entry.replace(VARIABLE, (match, var1, var2, _fmt2, var3, fieldPath) => {
    if (var1) {
      return match;
    }
    return var2 ? `[[${var2}]]` : `\${${var3}${fieldPath ? `.${fieldPath}` : ''}}`;
  });
}

/**
 * Expands one editor entry into the plain values it stands for. A whole-variable entry gives each
 * of the variable's values (multi-value variables give several), whatever format the dashboard
 * author wrote; "All" gives `ALL`. The values are collected through a format function, never
 * spliced into SQL here: the core quotes each one with `quoteLiteral` when it builds `IN (...)`.
 */
export function expandEntry(entry: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string[] | typeof ALL {
  if (!templateSrv.containsTemplate(entry)) {
    return [entry];
  }
  const plain = withoutFormats(entry.trim());
  const name = wholeVariable(plain);
  if (name !== undefined) {
    if (isAllSelected(name, templateSrv, scopedVars)) {
      return ALL;
    }
    const values: string[] = [];
    templateSrv.replace(plain, scopedVars, (value: unknown) => {
      values.push(...(Array.isArray(value) ? value : [value]).map((v) => String(v)));
      return '';
    });
    return values;
  }
  // Text around a variable (`eu-$region`): one value; a multi-value variable joins with commas.
  const text = templateSrv.replace(withoutFormats(entry), scopedVars, (value: unknown) =>
    Array.isArray(value) ? value.map(String).join(',') : String(value)
  );
  return [text];
}

/** Expands every entry of a list; `ALL` when any entry is a variable set to "All". */
export function expandList(
  entries: string[],
  templateSrv: TemplateSrv,
  scopedVars?: ScopedVars
): string[] | typeof ALL {
  const out: string[] = [];
  for (const entry of entries) {
    const values = expandEntry(entry, templateSrv, scopedVars);
    if (values === ALL) {
      return ALL;
    }
    out.push(...values);
  }
  return Array.from(new Set(out));
}

/** A single text (a dimension name) with its variables replaced by their values, formats ignored. */
export function expandText(text: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string {
  return templateSrv.replace(withoutFormats(text), scopedVars, (value: unknown) =>
    Array.isArray(value) ? value.map(String).join(',') : String(value)
  );
}
