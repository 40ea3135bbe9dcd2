import { Path } from './positions';

/** Collects problems while validating; positions and the file name are added at the end. */
export interface Report {
  /** Records a problem at `path`; `at: 'key'` points at the key itself (e.g. an unknown or reserved key). */
  error(path: Path, message: string, at?: 'key'): void;
}

/** Identifiers that reach SQL: always double-quoted by the compiler, so they keep their case. */
export const SQL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** KPI ids and source names. */
export const NAME = /^[a-z][a-z0-9_]*$/;
/** The catalog name. */
export const SLUG = /^[a-z][a-z0-9-]*$/;

/** Drops keys whose value is undefined, so models compare and serialise cleanly. */
export function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
