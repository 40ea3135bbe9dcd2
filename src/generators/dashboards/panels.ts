import * as common from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { thresholdsText } from '../alertText';
import { CARD, kpiPanelId } from './layout';
import { kpiDatasource, kpiQuery } from './kpiQuery';

const lastNotNull = (fields: string) =>
  new ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields(fields).values(false);

/**
 * One KPI's card: the value coloured by status (the data source sets thresholds in force on the
 * field), change against the previous window, the target, and a sparkline of the trend (query B).
 */
export function kpiCard(catalog: Catalog, kpi: Kpi): StatBuilder {
  const ds = kpiDatasource(catalog.name);
  return new StatBuilder()
    .id(kpiPanelId(catalog, kpi))
    .title(kpi.name)
    .description(`${kpi.description ?? kpi.name}. Window ${kpi.window.text}; ${thresholdsText(kpi)}.`)
    .datasource(ds)
    .withTarget(kpiQuery(catalog.name, 'A', 'kpi', { kpis: [kpi.id] }))
    .withTarget(kpiQuery(catalog.name, 'B', 'trend', { kpis: [kpi.id] }))
    .reduceOptions(lastNotNull('/^(value|changePercent|target)$/'))
    .graphMode(common.BigValueGraphMode.Area)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.ValueAndName)
    .orientation(common.VizOrientation.Horizontal)
    .overrideByQuery('B', [{ id: 'displayName', value: 'Trend' }])
    .height(CARD.h)
    .span(CARD.w);
}

/** Counts of KPIs per status: the scorecard grouped by status. */
export function statusCounts(catalog: Catalog, id: number, areas: string[] = []): StatBuilder {
  return new StatBuilder()
    .id(id)
    .title('KPIs by status')
    .datasource(kpiDatasource(catalog.name))
    .withTarget(kpiQuery(catalog.name, 'A', 'scorecard', { areas }))
    .withTransformation({
      id: 'groupBy',
      options: {
        fields: {
          status: { operation: 'groupby', aggregations: [] },
          id: { operation: 'aggregate', aggregations: ['count'] },
        },
      },
    })
    .reduceOptions(new ReduceDataOptionsBuilder().values(true).calcs([]).fields('/^id \\(count\\)$/'))
    .textMode(common.BigValueTextMode.ValueAndName)
    .colorMode(common.BigValueColorMode.Background)
    .graphMode(common.BigValueGraphMode.None)
    .displayName('${__data.fields.status}')
    .height(4)
    .span(24);
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
