import type { StatusGates } from './statusRule';

/**
 * The gates of the status rule (docs/catalog.md: Pace, Minimum volume), written once: a gate
 * holds while a KPI's figure is below its floor — fewer rows than `minVolume` (low_volume), a
 * smaller elapsed share of the period than `pace.after` (pending). A gate whose figure or floor
 * is absent does not hold. STATUS_RULE says where each gate stands in the precedence; this table
 * says when it holds, in TypeScript (`gatesOf`) and in SQL (`gateSql`, `gateClearSql`).
 */
export const GATES = {
  lowVolume: { figure: 'volume', floor: 'minVolume' },
  pending: { figure: 'elapsedShare', floor: 'after' },
} as const satisfies Record<keyof StatusGates, { figure: string; floor: string }>;

export type Gate = keyof typeof GATES;

/** The figures and floors the gates read (absent or null: the gate does not hold). */
export type GateFigures = Partial<
  Record<(typeof GATES)[Gate]['figure'] | (typeof GATES)[Gate]['floor'], number | null>
>;

const below = (figure: number | null | undefined, floor: number | null | undefined): boolean =>
  figure !== undefined && figure !== null && floor !== undefined && floor !== null && figure < floor;

/** Which gates hold for these figures. */
export function gatesOf(j: GateFigures): Required<StatusGates> {
  const gates = Object.keys(GATES) as Gate[];
  return Object.fromEntries(
    gates.map((g) => [g, below(j[GATES[g].figure], j[GATES[g].floor])])
  ) as Required<StatusGates>;
}

/** The gate holds, as SQL over a figure and a floor expression (NULL on either side: false). */
export function gateSql(figure: string, floor: string): string {
  return `coalesce(${figure} < ${floor}, false)`;
}

/** The gate does not hold, as SQL (NULL on either side: true). */
export function gateClearSql(figure: string, floor: string): string {
  return `coalesce(${figure} >= ${floor}, true)`;
}
