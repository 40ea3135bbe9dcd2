/**
 * What a generated Stat panel shows for some frames, by Grafana's own code: the panel's
 * transformations (the standard transformers), `applyFieldOverrides` with the panel's field
 * config and `getFieldDisplayValues` with its reduce options, as the Stat panel does.
 */
import {
  applyFieldOverrides,
  createTheme,
  DataFrame,
  dataLinksOverrideProcessor,
  DataTransformerConfig,
  displayNameOverrideProcessor,
  FieldConfigOptionsRegistry,
  FieldConfigPropertyItem,
  FieldConfigSource,
  FieldDisplay,
  getFieldDisplayValues,
  identityOverrideProcessor,
  numberOverrideProcessor,
  ReduceDataOptions,
  standardTransformers,
  standardTransformersRegistry,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  transformDataFrame,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { lastValueFrom } from 'rxjs';

export const theme = createTheme();

/** A Grafana colour name as the theme resolves it. */
export const colorOf = (name: string) => theme.visualization.getColorByName(name);

/**
 * Grafana's standard field options (the app registers them, @grafana/data ships only their
 * processors): without them applyFieldOverrides ignores panel defaults and overrides.
 */
const fieldConfigRegistry = new FieldConfigOptionsRegistry(() =>
  (
    [
      ['displayName', displayNameOverrideProcessor],
      ['unit', unitOverrideProcessor],
      ['decimals', numberOverrideProcessor],
      ['min', numberOverrideProcessor],
      ['max', numberOverrideProcessor],
      ['noValue', stringOverrideProcessor],
      ['links', dataLinksOverrideProcessor],
      ['mappings', valueMappingsOverrideProcessor],
      ['thresholds', thresholdsOverrideProcessor],
      ['color', identityOverrideProcessor],
    ] as const
  ).map(
    ([id, process]) =>
      ({
        id,
        path: id,
        name: id,
        process,
        override: () => null,
        editor: () => null,
        shouldApply: () => true,
        settings: {},
      }) as unknown as FieldConfigPropertyItem
  )
);

let registered = false;

/** Registers the standard transformers once (`standardTransformers` lists some under two keys). */
export function registerTransformers(): void {
  if (registered) {
    return;
  }
  registered = true;
  const byId = new Map(Object.values(standardTransformers).map((t) => [t.id, t]));
  standardTransformersRegistry.setInit(() =>
    [...byId.values()].map((t) => ({ id: t.id, name: t.name, transformation: t, editor: () => null }))
  );
}

/** The values a Stat panel shows for the frames its queries were answered with. */
export async function statDisplay(panel: Panel, frames: DataFrame[]): Promise<FieldDisplay[]> {
  registerTransformers();
  const transformed = await lastValueFrom(
    transformDataFrame((panel.transformations ?? []) as DataTransformerConfig[], frames, { interpolate: (v) => v })
  );
  const fieldConfig = panel.fieldConfig as unknown as FieldConfigSource;
  const replaceVariables = (v: string) => v;
  const data = applyFieldOverrides({ data: transformed, fieldConfig, fieldConfigRegistry, replaceVariables, theme });
  const options = panel.options as { reduceOptions: ReduceDataOptions; graphMode: string };
  return getFieldDisplayValues({
    data,
    reduceOptions: options.reduceOptions,
    fieldConfig,
    replaceVariables,
    theme,
    sparkline: options.graphMode !== 'none',
  });
}
