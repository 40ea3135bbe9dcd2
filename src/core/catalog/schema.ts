import * as z from 'zod';
import { AGGREGATE_NAMES } from '../rules/aggregates';

/**
 * The catalog's structure as zod schemas: key names, value types and closed enums. Every
 * object is strict, so a misspelt key (`mesure:`) is an error instead of silently ignored.
 * Rules that need more than one field (exactly one measure form, references, ordering…)
 * are checked in `validate.ts`, which also converts to the model types.
 *
 * The top level, each source and each KPI are separate schemas so that a broken KPI only
 * hides the semantic checks of that KPI, not of the whole catalog.
 */

const text = z.string();

export const topSchema = z.strictObject({
  apiVersion: text,
  name: text,
  title: text.optional(),
  timezone: text.optional(),
  // Checked entry by entry with sourceSchema / kpiSchema.
  sources: z.record(z.string(), z.unknown()).optional(),
  kpis: z.array(z.unknown()),
  // Checked entry by entry with objectiveSchema.
  objectives: z.array(z.unknown()).optional(),
  approximate: z.boolean().optional(),
  alerting: z
    .strictObject({
      contactPoints: z
        .strictObject({
          critical: text.optional(),
          warning: text.optional(),
          info: text.optional(),
          stale: text.optional(),
        })
        .optional(),
    })
    .optional(),
});

export const sourceSchema = z.strictObject({
  table: text.optional(),
  sql: text.optional(),
  time: text,
  dimensions: z.array(text).optional(),
  freshness: text.optional(),
});

const aggregateSchema = z.strictObject({
  aggregate: z.enum(AGGREGATE_NAMES),
  expression: text.optional(),
  filter: text.optional(),
});

/** All measure forms in one object: which keys may go together is checked in validate.ts. */
const measureSchema = z.strictObject({
  aggregate: z.enum(AGGREGATE_NAMES).optional(),
  expression: text.optional(),
  filter: text.optional(),
  ratio: z.strictObject({ numerator: aggregateSchema, denominator: aggregateSchema }).optional(),
  scale: z.number().optional(),
  nps: z.strictObject({ expression: text, filter: text.optional() }).optional(),
  formula: text.optional(),
  growth: z.strictObject({ kpi: text }).optional(),
});

const targetEntrySchema = z.strictObject({
  from: text,
  value: z.number(),
  warning: z.number().optional(),
  critical: z.number().optional(),
});

export const kpiSchema = z.strictObject({
  id: text,
  name: text,
  description: text.optional(),
  area: text.optional(),
  owner: text.optional(),
  tags: z.array(text).optional(),
  unit: text.optional(),
  decimals: z.number().optional(),
  source: text.optional(),
  filter: text.optional(),
  window: text.optional(),
  measure: measureSchema.optional(),
  direction: z.enum(['higher', 'lower']).optional(),
  target: z.number().optional(),
  targets: z.array(targetEntrySchema).optional(),
  thresholds: z.strictObject({ warning: z.number().optional(), critical: z.number().optional() }).optional(),
  pace: z.strictObject({ after: z.number().optional() }).optional(),
  minVolume: z.number().optional(),
  compare: z.enum(['previous', 'year']).optional(),
  alert: z.strictObject({ for: text.optional(), enabled: z.boolean().optional() }).optional(),
  approximate: z.boolean().optional(),
});

const keyResultSchema = z.strictObject({
  kpi: text,
  target: z.number().optional(),
  by: text,
  baseline: z.number().optional(),
});

export const objectiveSchema = z.strictObject({
  id: text,
  title: text,
  owner: text.optional(),
  description: text.optional(),
  from: text,
  keyResults: z.array(keyResultSchema),
});

export type RawObjective = z.infer<typeof objectiveSchema>;
export type RawTop = z.infer<typeof topSchema>;
export type RawSource = z.infer<typeof sourceSchema>;
export type RawKpi = z.infer<typeof kpiSchema>;
export type RawMeasure = z.infer<typeof measureSchema>;
export type RawAggregate = z.infer<typeof aggregateSchema>;
