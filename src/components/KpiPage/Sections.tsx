import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Icon, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import type { Catalog, Kpi } from '../../core/catalog/model';
import { wholeNote } from '../../core/compiler/breakdownDimensions';
import type { KpiEvaluation } from '../../core/evaluation/evaluate';
import { statusOf } from '../../core/rules/statusRule';
import { instantMs, stretches } from '../../core/rules/targets';
import { uids } from '../../generators/uid';
import { describeInstant, formatFigure, NONE } from '../KpiDefinition/describe';
import { StatusBadge } from '../StatusBadge/StatusBadge';
import { testIds } from '../testIds';
import type { Breakdown } from './useKpiPage';

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    minWidth: 360,
    'th, td': {
      padding: theme.spacing(0.5, 1.5),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  current: css({ background: theme.colors.background.secondary, fontWeight: theme.typography.fontWeightMedium }),
  sql: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    padding: theme.spacing(1),
    maxHeight: 360,
    overflow: 'auto',
    whiteSpace: 'pre',
  }),
});

/**
 * The target schedule: each stretch with the target and thresholds it carries, the one in force at
 * the evaluation instant highlighted (a KPI with one fixed target shows that one line).
 */
export function Schedule({ kpi, catalog, at }: { kpi: Kpi; catalog: Catalog; at: Date }) {
  const styles = useStyles2(getStyles);
  const fmt = (v: number | null) => formatFigure(v, kpi.unit, kpi.decimals);
  const all = stretches(kpi);
  const current = all.filter((s) => s.from === undefined || instantMs(s.from, catalog.timezone) < at.getTime()).pop();
  const shown = all.filter((s) => s.from !== undefined || all.length === 1);
  return (
    <table className={styles.table} data-testid={testIds.kpi.schedule}>
      <thead>
        <tr>
          <th>From</th>
          <th>Target</th>
          <th>Warning</th>
          <th>Critical</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {shown.map((s, i) => (
          <tr key={i} className={s === current ? styles.current : undefined}>
            <td>{s.from ? describeInstant(s.from) : 'always'}</td>
            <td>{fmt(s.target)}</td>
            <td>{fmt(s.warning)}</td>
            <td>{fmt(s.critical)}</td>
            <td>{s === current ? 'in force' : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The KPI per value of each dimension its source declares (a formula: each some KPI it uses
 * declares; the operands that lack it are named, their whole value used on every row). The status per value is the thresholds'
 * verdict for KPIs judged on their value alone (a paced or volume-gated KPI's verdict needs figures
 * a breakdown does not compute, so it shows values only).
 */
export function Breakdowns({ kpi, e, breakdowns }: { kpi: Kpi; e: KpiEvaluation; breakdowns: Breakdown[] }) {
  const styles = useStyles2(getStyles);
  const judged = kpi.pace === undefined && e.volume === undefined;
  if (breakdowns.length === 0) {
    const none =
      kpi.measure.kind === 'formula'
        ? 'The KPIs this formula uses declare no dimension to break it down by.'
        : 'The source of this KPI declares no dimensions to break it down by.';
    return <Text color="secondary">{none}</Text>;
  }
  return (
    <Stack direction="row" gap={4} wrap="wrap">
      {breakdowns.map((b) => (
        <div key={b.by} data-testid={testIds.kpi.breakdown(b.by)}>
          <Text element="h4">By {b.by}</Text>
          {b.error ? (
            <Alert title={`No breakdown by ${b.by}`} severity="error">
              {b.error}
            </Alert>
          ) : (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{b.by}</th>
                  <th>{kpi.name}</th>
                  {judged && <th>Status</th>}
                </tr>
              </thead>
              <tbody>
                {(b.result?.rows ?? []).map((r) => (
                  <tr key={r.key ?? ''}>
                    <td>{r.key ?? '(none)'}</td>
                    <td>{formatFigure(r.value, kpi.unit, kpi.decimals)}</td>
                    {judged && (
                      <td>
                        <StatusBadge status={statusOf(r.value, e, kpi.direction)} />
                      </td>
                    )}
                  </tr>
                ))}
                {(b.result?.rows ?? []).length === 0 && (
                  <tr>
                    <td colSpan={3}>{NONE} no rows in the window</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          {(b.result?.whole ?? []).map((id) => (
            <div key={id} data-testid={testIds.kpi.breakdownWhole(b.by, id)}>
              <Text color="secondary">{wholeNote(id, b.by)}</Text>
            </div>
          ))}
        </div>
      ))}
    </Stack>
  );
}

/** The statement the data source runs for this KPI, for those who may edit the catalog. */
export function CompiledSql({ sql }: { sql: string }) {
  const styles = useStyles2(getStyles);
  return (
    <details data-testid={testIds.kpi.sql}>
      <summary>
        <Text color="secondary">
          <Icon name="database" /> Compiled SQL (PostgreSQL)
        </Text>
      </summary>
      <pre className={styles.sql}>{sql}</pre>
    </details>
  );
}

/** Links out: the generated detail dashboard, the alert rules labelled with this KPI, the editor. */
export function KpiLinks({ kpi, catalog, editHref }: { kpi: Kpi; catalog: Catalog; editHref?: string }) {
  const detail = `/d/${uids.detail(catalog.name)}?var-kpi=${encodeURIComponent(kpi.id)}`;
  const rules = `/alerting/list?search=${encodeURIComponent(`label:kpi=${kpi.id}`)}`;
  return (
    <Stack direction="row" gap={1} data-testid={testIds.kpi.links}>
      <LinkButton href={detail} icon="apps" variant="secondary" size="sm">
        Detail dashboard
      </LinkButton>
      <LinkButton href={rules} icon="bell" variant="secondary" size="sm">
        Alert rules
      </LinkButton>
      {editHref && (
        <LinkButton href={editHref} icon="pen" variant="secondary" size="sm">
          Edit KPI
        </LinkButton>
      )}
    </Stack>
  );
}
