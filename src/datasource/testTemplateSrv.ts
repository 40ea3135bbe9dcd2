import type { ScopedVars, TypedVariableModel } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

/** A dashboard variable for tests: its options and current value(s); `$__all` selects "All". */
export interface TestVariable {
  name: string;
  options: string[];
  current: string | string[];
}

const VARIABLE = /\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)(?::[^\]]*)?\]\]/g;

/**
 * A TemplateSrv stand-in with Grafana's documented behaviour for what the data source relies on:
 * a format function receives the variable's value (an array for multi-value, every option for
 * "All"), scoped variables win over dashboard ones, unknown variables stay as written.
 * Used by tests only.
 */
export function testTemplateSrv(variables: TestVariable[]): TemplateSrv {
  const byName = new Map(variables.map((v) => [v.name, v]));
  const valueOf = (name: string, scopedVars?: ScopedVars): string | string[] | undefined => {
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
      [...(target ?? '').matchAll(VARIABLE)].some((m) => byName.has(m[1] ?? m[2] ?? m[3])),
    replace: (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
      (target ?? '').replace(VARIABLE, (match, a, b, c) => {
        const value = valueOf(a ?? b ?? c, scopedVars);
        if (value === undefined) {
          return match;
        }
        if (typeof format === 'function') {
          return format(value);
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : value;
      }),
    updateTimeRange: () => {},
  };
}
