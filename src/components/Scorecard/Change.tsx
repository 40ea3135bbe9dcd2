import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Tooltip, useStyles2 } from '@grafana/ui';
import type { Direction } from '../../core/catalog/model';
import { formatFigure, NONE } from '../KpiDefinition/describe';

/** Whether a change is good news: up is good when higher is better, down when lower is. */
export function changeIsGood(change: number, direction: Direction): boolean | undefined {
  if (change === 0) {
    return undefined;
  }
  return direction === 'higher' ? change > 0 : change < 0;
}

const getStyles = (theme: GrafanaTheme2) => ({
  good: css({ color: theme.colors.success.text, whiteSpace: 'nowrap' }),
  bad: css({ color: theme.colors.error.text, whiteSpace: 'nowrap' }),
  flat: css({ color: theme.colors.text.secondary, whiteSpace: 'nowrap' }),
});

interface Props {
  change: number | null;
  changePercent: number | null;
  direction: Direction;
  unit?: string;
  decimals?: number;
  /** What the change is measured against, e.g. "the previous 30 days". */
  against: string;
}

/** The change against the comparison period: an arrow coloured by whether it is good news. */
export function Change({ change, changePercent, direction, unit, decimals, against }: Props) {
  const styles = useStyles2(getStyles);
  if (change === null) {
    return <span className={styles.flat}>{NONE}</span>;
  }
  const sign = change > 0 ? '+' : '';
  const percent = changePercent === null ? undefined : formatFigure(changePercent, 'percent', 1);
  const text =
    percent === undefined
      ? `${sign}${formatFigure(change, unit, decimals)}`
      : `${changePercent! > 0 ? '+' : ''}${percent}`;
  // A change too small to show (+0.0%) is no news either way: no coloured arrow for it.
  const good = percent === '0.0%' || percent === '-0.0%' ? undefined : changeIsGood(change, direction);
  const words = good === undefined ? 'no change' : good ? 'better' : 'worse';
  const label = `${sign}${formatFigure(change, unit, decimals)} against ${against} (${words})`;
  return (
    <Tooltip content={label}>
      <span className={good === undefined ? styles.flat : good ? styles.good : styles.bad} aria-label={label}>
        <Icon name={change > 0 ? 'arrow-up' : change < 0 ? 'arrow-down' : 'minus'} /> {text}
      </span>
    </Tooltip>
  );
}
