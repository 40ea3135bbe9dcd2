import { CST, Parser } from 'yaml';

/** Deeper than any real catalog (it needs about 6 levels); a bound for hostile input. */
export const MAX_NESTING = 64;

/** Where nesting gets too deep: the text offset, and the top-level key it is under. */
export interface TooDeep {
  offset: number;
  key?: string;
}

/**
 * The first (in text order) list or mapping nested deeper than MAX_NESTING, or undefined. Runs on yaml's concrete syntax tree, which its parser builds with its own
 * stack, and walks it with an explicit stack (`onNewLine` as for yaml's Parser, e.g. a
 * LineCounter's addNewLine): composing a 5,000-level document recurses
 * once per level and overflows the call stack, as would building its path or checking it.
 */
export function findTooDeep(text: string, onNewLine?: (offset: number) => void): TooDeep | undefined {
  for (const token of new Parser(onNewLine).parse(text)) {
    if (token.type !== 'document' || !token.value) {
      continue;
    }
    // Children are pushed in reverse so they are visited in text order.
    const stack: Array<{ token: CST.Token; depth: number; key?: string }> = [{ token: token.value, depth: 0 }];
    for (let next = stack.pop(); next; next = stack.pop()) {
      const { token: t, depth, key } = next;
      if (t.type !== 'block-map' && t.type !== 'block-seq' && t.type !== 'flow-collection') {
        continue;
      }
      if (depth >= MAX_NESTING) {
        return { offset: t.offset, key };
      }
      const children: Array<{ token: CST.Token; depth: number; key?: string }> = [];
      for (const item of t.items) {
        const kv = item as { key?: CST.Token | null; value?: CST.Token };
        // Below the top level, keep the top-level key; at it, name the key of this item.
        // A malformed key (`%x`, a stray backtick) is yaml's to report: resolve it without throwing.
        const itemKey = depth === 0 && kv.key ? CST.resolveAsScalar(kv.key, true, () => {})?.value : key;
        for (const child of [kv.key, kv.value]) {
          if (child) {
            children.push({ token: child, depth: depth + 1, key: itemKey });
          }
        }
      }
      stack.push(...children.reverse());
    }
  }
  return undefined;
}
