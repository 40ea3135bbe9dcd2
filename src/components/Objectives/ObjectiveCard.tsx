import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { Card, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import type { KeyResultStatus } from '../../core/objectives/progress';
import type { KeyResultEvaluation, ObjectiveEvaluation } from '../../core/objectives/evaluate';
import { KEY_RESULT_STATUS_HEX, KEY_RESULT_STATUS_NAMES } from '../../core/rules/keyResultStatus';
import { prefixRoute, ROUTES } from '../../constants';
import { formatFigure } from '../KpiDefinition/describe';
import { testIds } from '../testIds';
import { isoMs } from '../../core/rules/instant';

const getStyles = (theme: GrafanaTheme2) => ({
  track: css({
    position: 'relative',
    height: 10,
    width: '100%',
    minWidth: 160,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.weak}`,
  }),
  bar: css({ position: 'absolute', left: 0, top: 0, bottom: 0, borderRadius: theme.shape.radius.pill }),
  expected: css({ position: 'absolute', top: -4, bottom: -4, width: 2, background: theme.colors.text.primary }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  badge: css({
    padding: theme.spacing(0.25, 1),
    borderRadius: theme.shape.radius.default,
    color: '#fff',
    whiteSpace: 'nowrap',
  }),
});

/** A key-result status in its colour (the KPI status palette: achieved and on track green, at risk yellow…). */
export function KeyResultBadge({ status }: { status: KeyResultStatus }) {
  const styles = useStyles2(getStyles);
  return (
    <span
      className={styles.badge}
      style={{ background: KEY_RESULT_STATUS_HEX[status] }}
      data-testid={testIds.objectives.status}
    >
      {KEY_RESULT_STATUS_NAMES[status]}
    </span>
  );
}

/** Progress (0–100) as a bar, with a tick at the progress expected by now. */
export function ProgressBar({
  progress,
  expected,
  status,
}: {
  progress: number | null;
  expected: number;
  status: KeyResultStatus;
}) {
  const styles = useStyles2(getStyles);
  const label = `${progress === null ? 'no' : `${Math.round(progress)}%`} progress, ${Math.round(expected)}% expected by now`;
  return (
    <div
      className={styles.track}
      role="meter"
      aria-label={label}
      aria-valuenow={progress ?? undefined}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <div className={styles.bar} style={{ width: `${progress ?? 0}%`, background: KEY_RESULT_STATUS_HEX[status] }} />
      <div
        className={styles.expected}
        style={{ left: `calc(${expected}% - 1px)` }}
        title={`${Math.round(expected)}% expected by now`}
      />
    </div>
  );
}

function KeyResultRow({ kr, dsUid }: { kr: KeyResultEvaluation; dsUid: string }) {
  const fmt = (v: number | null) => formatFigure(v, kr.unit, kr.decimals);
  return (
    <tr data-testid={testIds.objectives.keyResult} data-kpi={kr.kpi}>
      <td>
        <TextLink
          href={`${prefixRoute(ROUTES.Kpi)}/${encodeURIComponent(kr.kpi)}?ds=${encodeURIComponent(dsUid)}`}
          inline={false}
        >
          {kr.name}
        </TextLink>
      </td>
      <td>{fmt(kr.baseline)}</td>
      <td>{fmt(kr.value)}</td>
      <td>{fmt(kr.target)}</td>
      <td>{dateTimeFormat(isoMs(kr.by), { format: 'YYYY-MM-DD' })}</td>
      <td style={{ width: '28%' }}>
        <Stack direction="row" gap={1} alignItems="center">
          <ProgressBar progress={kr.progress} expected={kr.expectedProgress} status={kr.status} />
          <Text variant="bodySmall">{kr.progress === null ? '–' : `${Math.round(kr.progress)}%`}</Text>
        </Stack>
      </td>
      <td>
        <KeyResultBadge status={kr.status} />
      </td>
    </tr>
  );
}

/** One objective: title, owner, roll-up status and progress, then its key results. */
export function ObjectiveCard({ objective: o, dsUid }: { objective: ObjectiveEvaluation; dsUid: string }) {
  const styles = useStyles2(getStyles);
  return (
    <Card data-testid={testIds.objectives.objective} data-objective={o.id}>
      <Card.Heading>{o.title}</Card.Heading>
      <Card.Meta>
        {[
          o.owner ? `Owner ${o.owner}` : 'No owner',
          `since ${dateTimeFormat(isoMs(o.from), { format: 'YYYY-MM-DD' })}`,
          o.progress === null ? 'no progress yet' : `${Math.round(o.progress)}% overall`,
        ]}
      </Card.Meta>
      <Card.Tags>
        <KeyResultBadge status={o.status} />
      </Card.Tags>
      <Card.Description>
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Key result</th>
              <th>Baseline</th>
              <th>Now</th>
              <th>Target</th>
              <th>Due</th>
              <th>Progress (tick: expected by now)</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {o.keyResults.map((kr) => (
              <KeyResultRow key={`${kr.kpi} ${kr.by}`} kr={kr} dsUid={dsUid} />
            ))}
          </tbody>
        </table>
      </Card.Description>
    </Card>
  );
}
