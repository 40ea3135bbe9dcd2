import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** A dashboard variable for tests: its options and current value(s); `$__all` selects "All". */
export interface TestVariable {
  name: string;
  options: string[];
  current: string | string[];
}

/**
 * Grafana's variable syntax: `$name`, `[[name]]` / `[[name:format]]` and
 * `${name}` / `${name.field}` / `${name:format}` (public/app/features/variables/utils.ts).
 */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

type Value = string | string[];

const regexEscape = (v: string): string => v.replace(/[\\^$*+?.()|[\]{}/]/g, '\\$&');
const many = (value: Value): string[] => (Array.isArray(value) ? value : [value]);

/**
 * Grafana's named formats (the `formatRegistry` of public/app/features/templating), for the
 * ones a dashboard author is likely to write. An unknown name falls back to `glob`, as in Grafana.
 */
function formatValue(value: Value, format: string, name: string): string {
  const values = many(value);
  switch (format) {
    case 'raw':
    case 'text':
      return values.join(',');
    case 'csv':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'regex':
      return values.length === 1 ? regexEscape(values[0]) : `(${values.map(regexEscape).join('|')})`;
    case 'json':
      return JSON.stringify(value);
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    case 'percentencode':
      return Array.isArray(value) ? encodeURIComponent(`{${value.join(',')}}`) : encodeURIComponent(value);
    case 'distributed':
      return values.map((v, i) => (i === 0 ? v : `${name}=${v}`)).join(',');
    case 'queryparam':
      return values.map((v) => `var-${name}=${encodeURIComponent(v)}`).join('&');
    default:
      // glob, Grafana's default: several values as `{a,b}`.
      return Array.isArray(value) && value.length > 1 ? `{${value.join(',')}}` : values.join(',');
  }
}

/**
 * A TemplateSrv stand-in with Grafana's documented behaviour for what the data source relies on:
 * a format written in the variable (`${team:csv}`) wins over the format argument, a format
 * function receives the variable's value (an array for multi-value, every option for "All"),
 * scoped variables win over dashboard ones, unknown variables stay as written.
 * Used by tests only.
 */
export function testTemplateSrv(variables: TestVariable[]): TemplateSrv {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const valueOf = (name: string, scopedVars?: ScopedVars): Value | undefined => {
    if (scopedVars?.[name]) {
      return scopedVars[name].value as string;
    }
    const v = byName.get(name);
    if (!v) {
      return undefined;
    }
    const current = v.current;
    const isAll = current === '$__all' || (Array.isArray(current) && current.includes('$__all'));
    return isAll ? v.options : current;
  };
  return {
    getVariables: () =>
      variables.map(
        (v) =>
          ({
            name: v.name,
            type: 'custom',
            current: { value: v.current, text: v.current },
          }) as unknown as TypedVariableModel
      ),
    containsTemplate: (target?: string) =>
      [...(target ?? '').matchAll(VARIABLE)].some((m) => byName.has(m[1] ?? m[2] ?? m[4])),
    replace: (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
      (target ?? '').replace(VARIABLE, (match, var1, var2, fmt2, var3, _fieldPath, fmt3) => {
        const name = var1 ?? var2 ?? var3;
        const value = valueOf(name, scopedVars);
        if (value === undefined) {
          return match;
        }
        const fmt = fmt2 ?? fmt3 ?? format;
        if (typeof fmt === 'function') {
          return fmt(value);
        }
        return formatValue(value, fmt ?? 'glob', name);
      }),
    updateTimeRange: () => {},
  };
}
