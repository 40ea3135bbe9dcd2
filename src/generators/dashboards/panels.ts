import * as common from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { Status, STATUS_COLORS, STATUS_NAMES } from '../../core/rules/status';
import { comparisonLabel } from '../../core/comparison';
import type { KpiFigure } from '../../query/model';
import { thresholdsText } from '../alertText';
import { CARD, kpiPanelId } from './layout';
import { kpiDatasource, kpiQuery } from './kpiQuery';

/**
 * `last`, not `lastNotNull`: a KPI without data now must read "No data", not an old value.
 * `fields: ''` selects the numeric fields, whatever their display names (Grafana matches a
 * `fields` regex against display names, which the data source sets).
 */
const lastNumbers = () => new ReduceDataOptionsBuilder().calcs(['last']).fields('').values(false);

/**
 * One KPI's card. Query B (trend, listed first so its tile leads) gives the value with a
 * sparkline: its last point is the KPI at the range end, coloured by the KPI's status (the data
 * source sets the thresholds in force, or the status colour for pending, low-volume and paced
 * KPIs, on the field). Query A (KPI) adds, for a paced KPI, the projection (the trend's frame
 * already carries the expected-to-date line, so its tile comes with it) and otherwise the change
 * against the comparison window (named by the data source: "… vs same month last year"); both
 * add the target.
 */
export function kpiCard(catalog: Catalog, kpi: Kpi): StatBuilder {
  const ds = kpiDatasource(catalog.name);
  const figures: KpiFigure[] = kpi.pace ? ['projected', 'target'] : ['changePercent', 'target'];
  const shows = kpi.pace
    ? 'To date, expected to date, projected to the period end and target'
    : `Change ${comparisonLabel(catalog, kpi)} and target`;
  return new StatBuilder()
    .id(kpiPanelId(catalog, kpi))
    .title(kpi.name)
    .description(`${kpi.description ?? kpi.name}. Window ${kpi.window.text}; ${thresholdsText(kpi)}. ${shows}.`)
    .datasource(ds)
    .withTarget(kpiQuery(catalog.name, 'B', 'trend', { kpis: [kpi.id], targetLine: false }))
    .withTarget(kpiQuery(catalog.name, 'A', 'kpi', { kpis: [kpi.id], figures }))
    .reduceOptions(lastNumbers())
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.ValueAndName)
    .orientation(common.VizOrientation.Horizontal)
    .height(CARD.h)
    .span(CARD.w);
}

/** The status tiles, most severe first, with the same words and colours as the status field. */
export const STATUS_TILES: Array<{ status: Status; title: string; w: number }> = [
  { status: 'critical', title: STATUS_NAMES.critical, w: 4 },
  { status: 'error', title: STATUS_NAMES.error, w: 3 },
  { status: 'warning', title: STATUS_NAMES.warning, w: 4 },
  { status: 'no_data', title: STATUS_NAMES.no_data, w: 3 },
  // No verdict yet: too few events, or too early in a paced period (their own colours, never red or green).
  { status: 'low_volume', title: STATUS_NAMES.low_volume, w: 4 },
  { status: 'pending', title: STATUS_NAMES.pending, w: 3 },
  { status: 'ok', title: STATUS_NAMES.ok, w: 3 },
];

/**
 * One Stat per status counting the scorecard's rows of that status (of the areas, or all), in the
 * status colour as background. filterByValue matches the field's display name (`Status`, set by
 * the data source); the count is `reduce` over the `id` column, matched by field name.
 */
export function statusTiles(catalog: Catalog, firstId: number, areas: string[] = []): StatBuilder[] {
  return STATUS_TILES.map(({ status, title, w }, i) =>
    new StatBuilder()
      .id(firstId + i)
      .title(title)
      .description(`KPIs whose status is ${title}`)
      .datasource(kpiDatasource(catalog.name))
      .withTarget(kpiQuery(catalog.name, 'A', 'scorecard', { areas }))
      .withTransformation({
        id: 'filterByValue',
        options: {
          type: 'include',
          match: 'any',
          filters: [{ fieldName: 'Status', config: { id: 'equal', options: { value: status } } }],
        },
      })
      .withTransformation({ id: 'filterFieldsByName', options: { include: { names: ['id'] } } })
      .withTransformation({ id: 'reduce', options: { mode: 'reduceFields', reducers: ['count'] } })
      .reduceOptions(lastNumbers())
      .overrideByFieldType('number', [
        { id: 'displayName', value: title },
        { id: 'color', value: { mode: 'fixed', fixedColor: STATUS_COLORS[status] } },
      ])
      .noValue('0')
      .textMode(common.BigValueTextMode.Value)
      .colorMode(common.BigValueColorMode.Background)
      .graphMode(common.BigValueGraphMode.None)
      .height(4)
      .span(w)
  );
}

/** Every KPI (of the areas, or all) in one table, most severe first. */
export function scorecardTable(catalog: Catalog, id: number, areas: string[] = []): TableBuilder {
  return new TableBuilder()
    .id(id)
    .title('Scorecard')
    .datasource(kpiDatasource(catalog.name))
    .withTarget(kpiQuery(catalog.name, 'A', 'scorecard', { areas }))
    .height(10)
    .span(24);
}

/**
 * A KPI's trend over the dashboard range, with the warning/critical thresholds in force drawn as
 * lines and bands (the data source puts them on the field).
 */
export function trendPanel(catalog: Catalog, id: number, kpis: string[], title: string): TimeseriesBuilder {
  return new TimeseriesBuilder()
    .id(id)
    .title(title)
    .datasource(kpiDatasource(catalog.name))
    .withTarget(kpiQuery(catalog.name, 'A', 'trend', { kpis }))
    .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.LineAndArea))
    .fillOpacity(10)
    .spanNulls(true)
    .height(9)
    .span(24);
}
