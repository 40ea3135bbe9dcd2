import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { Status, STATUSES, statusInfo } from '../../core/rules/status';
import { testIds } from '../testIds';
import type { ScorecardRow } from './rows';

const getStyles = (theme: GrafanaTheme2) => ({
  counts: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) }),
  count: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.primary,
    cursor: 'pointer',
    color: theme.colors.text.primary,
  }),
  active: css({ borderColor: theme.colors.primary.border, background: theme.colors.action.selected }),
  number: css({ fontSize: theme.typography.h3.fontSize, fontWeight: theme.typography.fontWeightMedium }),
});

interface Props {
  rows: ScorecardRow[];
  /** The status filter in force ('stale' included). */
  selected?: string;
  onSelect: (status?: string) => void;
}

/** How many KPIs are in each status (and stale), worst first; a click filters the list to it. */
export function StatusCounts({ rows, selected, onSelect }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const colorOf = (name: string) => theme.visualization.getColorByName(name);
  const count = (s: Status) => rows.filter((r) => r.figures.status === s).length;
  const stale = rows.filter((r) => r.figures.stale).length;
  const items: Array<{ key: string; text: string; n: number; icon: string; color: string }> = STATUSES.map((s) => ({
    key: s,
    text: statusInfo(s).name,
    n: count(s),
    icon: statusInfo(s).icon,
    color: statusInfo(s).color,
  }))
    // The four verdicts always show (a zero is news too); the other states only when present.
    .filter((i) => ['critical', 'warning', 'ok', 'no_data'].includes(i.key) || i.n > 0);
  items.push({ key: 'stale', text: 'Stale', n: stale, icon: 'clock-nine', color: 'blue' });
  return (
    <div className={styles.counts} data-testid={testIds.scorecard.counts} role="group" aria-label="KPIs per status">
      {items.map((i) => (
        <button
          key={i.key}
          type="button"
          className={`${styles.count} ${selected === i.key ? styles.active : ''}`}
          aria-pressed={selected === i.key}
          data-testid={testIds.scorecard.count(i.key)}
          onClick={() => onSelect(selected === i.key ? undefined : i.key)}
          title={selected === i.key ? 'Show every status' : `Show only ${i.text}`}
        >
          <Icon name={i.icon as never} style={{ color: colorOf(i.color) }} />
          <span className={styles.number}>{i.n}</span>
          <span>{i.text}</span>
        </button>
      ))}
    </div>
  );
}
