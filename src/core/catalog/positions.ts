import { Document, LineCounter, Node, isAlias, isCollection, isMap, isPair, isScalar, isSeq } from 'yaml';

/** A location inside the catalog object: keys and list indexes. */
export type Path = ReadonlyArray<string | number>;

export interface Position {
  line: number;
  col: number;
}

/**
 * Finds where a path sits in the source text. `key` asks for the key itself (an unknown
 * key); otherwise the most specific node: the value, or, when the path does not exist
 * (a missing key), the deepest mapping or list that does.
 */
export type PositionLookup = (path: Path, at?: 'value' | 'key') => Position;

/** For catalogs that came from an object (e.g. Grafana jsonData): no text, so 0:0. */
export const noPositions: PositionLookup = () => ({ line: 0, col: 0 });

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `kpis[3].measure`, `sources.runs.table`; odd keys as `sources["my src"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') {
      out += `[${seg}]`;
    } else if (PLAIN_KEY.test(seg)) {
      out += out === '' ? seg : `.${seg}`;
    } else {
      // A key can be a whole paragraph (a README read as YAML): name it by its start.
      out += `[${JSON.stringify(seg.length > 40 ? `${seg.slice(0, 40)}…` : seg)}]`;
    }
  }
  return out;
}

/** Position lookup over a parsed YAML document (ranges are character offsets). */
export function yamlPositions(doc: Document, lineCounter: LineCounter): PositionLookup {
  const pos = (offset: number): Position => lineCounter.linePos(offset);
  const start = (node: unknown): number | undefined => (node as Node | null)?.range?.[0];
  return (path, at = 'value') => {
    let node: unknown = doc.contents;
    let here = start(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      if (isAlias(node)) {
        node = node.resolve(doc);
      }
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => keyText(p.key) === String(seg));
        if (!pair) {
          break;
        }
        const keyStart = start(pair.key);
        if (i === path.length - 1 && at === 'key') {
          return pos(keyStart ?? here);
        }
        node = pair.value;
        // A block mapping or list value starts on the next line: point at its key instead.
        // So does an empty value (`unit:`), which has no text of its own.
        const blockValue = isCollection(node) && !node.flow;
        const range = (node as Node | null)?.range;
        const empty = !range || range[0] === range[1];
        here = (blockValue || empty ? keyStart : range[0]) ?? here;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
        here = start(node) ?? here;
      } else {
        break;
      }
    }
    return pos(here);
  };
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** The path of the deepest node containing `offset`, e.g. to name a duplicate key's place. */
export function pathAtOffset(doc: Document, offset: number): Array<string | number> {
  const path: Array<string | number> = [];
  const inside = (node: unknown): boolean => {
    const r = (node as Node | null)?.range;
    return r != null && offset >= r[0] && offset < Math.max(r[2], r[1] + 1);
  };
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (inside(p.key) || inside(p.value)));
      const key = pair && keyText(pair.key);
      if (key === undefined || !pair) {
        return path;
      }
      path.push(key);
      node = inside(pair.key) ? undefined : pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((item) => inside(item));
      if (index < 0) {
        return path;
      }
      path.push(index);
      node = node.items[index];
    } else {
      return path;
    }
  }
}
