import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Tooltip, useStyles2 } from '@grafana/ui';
import type { Direction } from '../../core/catalog/model';
import { changeRoundsToZero, formatValue } from '../../core/format';
import { NONE } from '../KpiDefinition/describe';

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
  // One rule and one formatter with the reports and the CLI: a change that rounds to zero at the
  // KPI's decimals is no news either way (no sign, no coloured arrow), whatever its relative size.
  const flat = changeRoundsToZero(change, unit, decimals);
  const absolute = flat
    ? formatValue(0, unit, decimals)
    : `${change > 0 ? '+' : ''}${formatValue(change, unit, decimals)}`;
  const percent = changePercent === null ? undefined : formatValue(changePercent, 'percent', 1);
  // The relative change when it says something; a real change too small in percent (+$100 on
  // $852,000 is +0.0%) shows as its amount, so a coloured arrow never stands next to a zero.
  const text =
    flat || percent === undefined || !/[1-9]/.test(percent) ? absolute : `${changePercent! > 0 ? '+' : ''}${percent}`;
  const good = flat ? undefined : changeIsGood(change, direction);
  const words = good === undefined ? 'no change' : good ? 'better' : 'worse';
  const label = `${absolute} against ${against} (${words})`;
  return (
    <Tooltip content={label}>
      <span className={good === undefined ? styles.flat : good ? styles.good : styles.bad} aria-label={label}>
        <Icon name={flat ? 'minus' : change > 0 ? 'arrow-up' : 'arrow-down'} /> {text}
      </span>
    </Tooltip>
  );
}
