import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Stack, TagList, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { Catalog } from '../../core/catalog/model';
import { STATUS_COLORS } from '../../core/rules/status';
import { formatFigure } from '../KpiDefinition/describe';
import { kpiHref } from '../AreaKpis/AreaKpis';
import { StatusBadge } from '../StatusBadge/StatusBadge';
import { testIds } from '../testIds';
import { Change } from './Change';
import { Freshness } from './Freshness';
import type { ScorecardRow } from './rows';
import { Trend } from './Trend';
import { JudgingLine } from './JudgingLine';
import { comparisonWords } from './words';

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(1, 1.5),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'middle',
    },
    th: {
      color: theme.colors.text.secondary,
      fontWeight: theme.typography.fontWeightMedium,
      fontSize: theme.typography.bodySmall.fontSize,
      whiteSpace: 'nowrap',
    },
    'tbody tr:hover': { background: theme.colors.action.hover },
  }),
  number: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
});

interface Props {
  rows: ScorecardRow[];
  catalog: Catalog;
  dsUid: string;
}

/** One line per KPI, in the order given (worst first): everything a person checks at a glance. */
export function ScorecardTable({ rows, catalog, dsUid }: Props) {
  const styles = useStyles2(getStyles);
  const fmt = (row: ScorecardRow, v: number | null) => formatFigure(v, row.kpi.unit, row.kpi.decimals);
  return (
    <table className={styles.table} data-testid={testIds.scorecard.table}>
      <thead>
        <tr>
          <th>Status</th>
          <th>KPI</th>
          <th className={styles.number}>Value</th>
          <th className={styles.number}>Target</th>
          <th className={styles.number}>% of target</th>
          <th>Change</th>
          <th>Last 30 days</th>
          <th>Owner</th>
          <th>Area</th>
          <th>Freshness</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const { kpi, figures } = row;
          const color =
            figures.status in STATUS_COLORS ? STATUS_COLORS[figures.status as keyof typeof STATUS_COLORS] : 'blue';
          return (
            <tr key={kpi.id} data-testid={testIds.scorecard.row} data-kpi={kpi.id}>
              <td>
                <StatusBadge status={figures.status} />
              </td>
              <td>
                <Stack direction="column" gap={0.5}>
                  <TextLink href={kpiHref(kpi.id, dsUid)} inline={false} color="primary">
                    {kpi.name}
                  </TextLink>
                  {figures.error && (
                    <Text color="error" variant="bodySmall">
                      {figures.error}
                    </Text>
                  )}
                  {kpi.tags.length > 0 && <TagList tags={kpi.tags} />}
                </Stack>
              </td>
              <td className={styles.number} data-testid={testIds.scorecard.value}>
                <Stack direction="column" gap={0}>
                  <Text weight="medium">{fmt(row, figures.value)}</Text>
                  <JudgingLine row={row} />
                </Stack>
              </td>
              <td className={styles.number}>{fmt(row, figures.target)}</td>
              <td className={styles.number}>{formatFigure(figures.attainment, 'percent', 1)}</td>
              <td>
                <Change
                  change={figures.change}
                  changePercent={figures.changePercent}
                  direction={kpi.direction}
                  unit={kpi.unit}
                  decimals={kpi.decimals}
                  against={comparisonWords(kpi, catalog)}
                />
              </td>
              <td>
                <Trend points={row.trend} color={color} label={`Trend of ${kpi.name} over the last 30 days`} />
              </td>
              <td>{kpi.owner ?? ''}</td>
              <td>{kpi.area ?? ''}</td>
              <td>
                <Freshness figures={figures} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
