import * as z from 'zod';
import { Path } from './positions';

/** A structural problem, relative to the checked value; `at: 'key'` points at a key (unknown keys). */
export interface Issue {
  path: Path;
  message: string;
  at?: 'key';
}

/** Tells whether a field failed its structural check (the path or one of its parents was dropped). */
export type Broken = (path: Path) => boolean;

/** Most problems a part can have before its usable remainder is no longer searched for. */
const MAX_DROP_ROUNDS = 100;

/**
 * Runs a zod schema and turns its issues into messages written for a catalog author:
 * `missing required key "time"`, `expected a number, got "95%"`, `unknown key "mesure"
 * (did you mean "measure"?)` — one issue per unknown key, positioned at that key.
 *
 * So that one bad field does not hide the other problems of the same part, `data` is the
 * usable remainder: every offending field is dropped (`dropped` lists them), then a parent
 * that still does not parse (a required key was dropped, or a list lost an element) is
 * dropped too, up to the part itself, whose own keys are all optional at this stage.
 * Semantic checks then run on `data` and skip rules reading a dropped field, so a field is
 * reported once, by its type check.
 */
export function checkShape<S extends z.ZodObject>(
  schema: S,
  value: unknown
): { data?: Partial<z.infer<S>>; issues: Issue[]; dropped: Path[] } {
  const result = schema.safeParse(value);
  if (result.success) {
    return { data: result.data, issues: [], dropped: [] };
  }
  const issues = result.error.issues.flatMap((issue) => describeIssue(schema, value, issue));
  const lenient = schema.partial();
  const dropped: Path[] = [];
  let pending = result.error.issues.flatMap((issue) => {
    const path = issuePath(issue);
    return issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key]) : [path];
  });
  let cleaned = value;
  for (let round = 0; round < MAX_DROP_ROUNDS; round++) {
    for (const path of pending) {
      if (path.length === 0) {
        return { issues, dropped: [[]] };
      }
      if (!dropped.some((d) => sameStart(d, path))) {
        dropped.push(path);
        cleaned = withoutKey(cleaned, path);
      }
    }
    const retry = lenient.safeParse(cleaned);
    if (retry.success) {
      return { data: retry.data as Partial<z.infer<S>>, issues, dropped };
    }
    // What still fails is a parent missing a dropped required key, or a list with a hole:
    // drop the field itself if new, else its parent (a list as a whole, keeping indexes).
    pending = retry.error.issues.map((issue) => {
      const path = issuePath(issue);
      const isDropped = dropped.some((d) => sameStart(d, path));
      const parentIsList = Array.isArray(valueAt(cleaned, path.slice(0, -1)));
      return isDropped || parentIsList ? path.slice(0, -1) : path;
    });
  }
  return { issues, dropped: [[]] };
}

/** A Broken test for the `dropped` paths of a part found at `prefix` (paths given in full). */
export function brokenAt(prefix: Path, dropped: Path[]): Broken {
  const full = dropped.map((d) => [...prefix, ...d]);
  return (path) => full.some((d) => sameStart(d, path));
}

/** Nothing broken: for parts that passed their structural check. */
export const NOTHING_BROKEN: Broken = () => false;

/** Whether `path` starts with `start`. */
function sameStart(start: Path, path: Path): boolean {
  return start.length <= path.length && start.every((seg, i) => seg === path[i]);
}

function issuePath(issue: z.core.$ZodIssue): Path {
  return issue.path.filter((p): p is string | number => typeof p !== 'symbol');
}

/** A copy of `value` without the key or list element at `path` (copy-on-write along the path). */
function withoutKey(value: unknown, path: Path): unknown {
  if (typeof value !== 'object' || value === null || path.length === 0) {
    return value;
  }
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<PropertyKey, unknown>;
  if (path.length === 1) {
    // A list keeps a hole (its length and indexes stay), which the retry then reports.
    delete copy[path[0]];
  } else {
    copy[path[0]] = withoutKey(copy[path[0]], path.slice(1));
  }
  return copy;
}

function describeIssue(schema: z.ZodType, root: unknown, issue: z.core.$ZodIssue): Issue[] {
  const path = issuePath(issue);
  const actual = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schemaAt(schema, path));
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKey(key, allowed), at: 'key' }));
    }
    case 'invalid_type':
      if (actual === undefined) {
        return [{ path, message: `missing required key "${String(path[path.length - 1] ?? '')}"` }];
      }
      return [{ path, message: `expected ${expectedText(issue.expected)}, got ${describeValue(actual)}` }];
    case 'invalid_value':
      return [
        {
          path,
          message: `expected one of ${issue.values.map((v) => String(v)).join(', ')}; got ${describeValue(actual)}`,
        },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

function expectedText(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a finite number',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    record: 'a mapping (key: value)',
    array: 'a list',
  };
  return names[expected] ?? expected;
}

/** A short description of a value for messages; long strings are cut. */
export function describeValue(value: unknown): string {
  if (value === null) {
    return 'an empty value';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }
  if (typeof value === 'object') {
    return 'a mapping';
  }
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  return String(value);
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, seg)) {
      return undefined;
    }
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  return s instanceof z.ZodOptional ? unwrap(s.unwrap() as z.ZodType) : s;
}

/** The sub-schema at a path, to list the keys an object accepts. */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const seg of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject && typeof seg === 'string') {
      s = (s.shape as Record<string, z.ZodType>)[seg];
    } else if (s instanceof z.ZodArray) {
      s = s.element as z.ZodType;
    } else if (s instanceof z.ZodRecord) {
      s = s.valueType as z.ZodType;
    } else {
      return undefined;
    }
  }
  return unwrap(s);
}

function allowedKeys(s: z.ZodType | undefined): string[] {
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unknownKey(key: string, allowed: string[]): string {
  const close = allowed
    .map((k) => ({ k, d: editDistance(key.toLowerCase(), k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(k.length / 3)) || (key.length >= 3 && k.startsWith(key)))
    .sort((a, b) => a.d - b.d)[0];
  if (close) {
    return `unknown key "${key}" (did you mean "${close.k}"?)`;
  }
  return allowed.length > 0 ? `unknown key "${key}"; allowed keys: ${allowed.join(', ')}` : `unknown key "${key}"`;
}

/**
 * Edit distance counting a swap of two neighbours as one edit (`tabel` → `table`). Keys are
 * short, so the plain dynamic programme is enough and no library is needed.
 */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) {
    d[0][j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
