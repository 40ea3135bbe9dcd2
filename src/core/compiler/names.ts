import { quoteIdent } from '../sql/quote';

/**
 * Names the compiler gives to the relations and columns of one statement (`runs`,
 * `cur_order_count`, …). Catalog names are `^[a-z][a-z0-9_]*$`, so a name is written bare
 * unless PostgreSQL reserves it (`user`, `order`); PostgreSQL truncates identifiers to 63
 * bytes, so a long name is cut and, like any name already taken, numbered (`_2`, `_3`…).
 */

/** PostgreSQL's reserved key words (those that cannot name a column or a table alias). */
const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization binary both case cast check collate ' +
    'collation column concurrently constraint create cross current_catalog current_date current_role ' +
    'current_schema current_time current_timestamp current_user default deferrable desc distinct do else end ' +
    'except false fetch for foreign freeze from full grant group having ilike in initially inner intersect into ' +
    'is isnull join lateral leading left like limit localtime localtimestamp natural not notnull null offset on ' +
    'only or order outer overlaps placing primary references returning right select session_user similar some ' +
    'symmetric system_user table tablesample then to trailing true union unique user using variadic verbose ' +
    'when where window with'
  ).split(' ')
);

const BARE = /^[a-z_][a-z0-9_]*$/;
const MAX_BYTES = 63;

/** An identifier as SQL: bare when it can be, else double-quoted. */
export function ident(name: string): string {
  return BARE.test(name) && !RESERVED.has(name) ? name : quoteIdent(name);
}

/** Hands out distinct identifiers for one statement. */
export class Names {
  private readonly taken = new Set<string>();

  /** Reserves the given names (e.g. fixed aliases such as `b` and `k`). */
  constructor(reserved: string[] = []) {
    reserved.forEach((n) => this.taken.add(n));
  }

  /** A fresh identifier (as SQL) close to `wanted`. */
  take(wanted: string): string {
    const base = wanted.slice(0, MAX_BYTES);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, MAX_BYTES - suffix.length) + suffix;
    }
    this.taken.add(name);
    return ident(name);
  }
}
