import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** Returned for a variable set to "All": the caller drops the filter instead of listing every value. */
export const ALL = Symbol('all');

// `$name`, `${name}`, `${name:format}` or `[[name]]` and nothing else: the whole entry is one variable.
const WHOLE_VARIABLE = /^(?:\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\])$/;
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

/**
 * Expands one editor entry into the plain values it stands for. A whole-variable entry gives each
 * of the variable's values (multi-value variables give several); "All" gives `ALL`. The values are
 * collected through a format function, never spliced into SQL here: the core quotes each one with
 * `quoteLiteral` when it builds `IN (...)`.
 */
export function expandEntry(entry: string, templateSrv: TemplateSrv, scopedVars?: ScopedVars): string[] | typeof ALL {
  if (!templateSrv.containsTemplate(entry)) {
    return [entry];
  }
  const whole = WHOLE_VARIABLE.exec(entry.trim());
  if (whole) {
    const name = whole[1] ?? whole[2] ?? whole[3];
    if (isAllSelected(name, templateSrv, scopedVars)) {
      return ALL;
    }
    const values: string[] = [];
    templateSrv.replace(entry.trim(), scopedVars, (value: unknown) => {
      values.push(...(Array.isArray(value) ? value : [value]).map((v) => String(v)));
      return '';
    });
    return values;
  }
  // Text around a variable (`eu-$region`): one value; a multi-value variable joins with commas.
  const text = templateSrv.replace(entry, scopedVars, (value: unknown) =>
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
