/**
 * Stable uids for generated Grafana objects. Regenerating a tree from the same catalog gives the
 * same uids, so Grafana updates dashboards, data sources and rules instead of duplicating them.
 *
 * Hand-written FNV-1a rather than a library hash: the generators must run in the browser too
 * (no node:crypto), uids need no cryptographic strength, and FNV-1a is ten lines with published
 * test vectors (see uid.test.ts).
 */

/** Grafana's uid limit (dashboards, data sources, alert rules). */
export const MAX_UID_LENGTH = 40;

/** 32-bit FNV-1a over the UTF-16 code units of `text`, as 8 hex digits. */
export function fnv1a(text: string, seed = 0x811c9dc5): string {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    // hash * 16777619 (the FNV prime) modulo 2^32, without losing bits to float precision.
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** 64 bits from two FNV-1a passes with different seeds: collisions stay negligible across catalogs. */
function hash64(text: string): string {
  return fnv1a(text) + fnv1a(text, 0x01000193);
}

/**
 * `<prefix>-<16 hex digits>` from the parts (joined with a separator no slug contains), e.g.
 * `okpi-rule-1a2b…`. At most 40 characters for a prefix of up to 23.
 */
export function stableUid(prefix: string, ...parts: string[]): string {
  const uid = `${prefix}-${hash64(parts.join('\u0000'))}`;
  if (uid.length > MAX_UID_LENGTH) {
    throw new Error(`uid prefix too long: ${prefix}`);
  }
  return uid;
}

/** Uids of everything the tree holds, in one place so files that refer to each other agree. */
export const uids = {
  postgres: 'openkpi-postgres',
  kpiDatasource: (catalog: string) => stableUid('okpi-ds', catalog),
  overview: (catalog: string) => stableUid('okpi-overview', catalog),
  area: (catalog: string, area: string) => stableUid('okpi-area', catalog, area),
  detail: (catalog: string) => stableUid('okpi-detail', catalog),
  objectives: (catalog: string) => stableUid('okpi-objectives', catalog),
  /** One rule per catalog, severity and pending period. */
  rule: (catalog: string, severity: string, pending: string) => stableUid('okpi-rules', catalog, severity, pending),
  folder: (catalog: string) => stableUid('okpi-folder', catalog),
  areaFolder: (catalog: string, area: string) => stableUid('okpi-folder', catalog, area),
};
