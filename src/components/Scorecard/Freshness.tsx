import React from 'react';
import { dateTimeFormat, dateTimeFormatTimeAgo } from '@grafana/data';
import { Badge, Text } from '@grafana/ui';
import type { Figures } from '../KpiFigures/figures';
import { testIds } from '../testIds';

/** How fresh the KPI's data is: stale (its own state, not red or green), never arrived, or how old. */
export function Freshness({ figures }: { figures: Figures }) {
  const last = figures.lastDataAt;
  const ago = last === null ? undefined : dateTimeFormatTimeAgo(last);
  if (figures.stale) {
    return (
      <span data-testid={testIds.scorecard.freshness}>
        <Badge
          color="blue"
          icon="clock-nine"
          text={last === null ? 'Stale: no data yet' : `Stale: ${ago}`}
          tooltip={
            last === null ? 'The source has no rows' : `Last data ${dateTimeFormat(last)}: older than its freshness`
          }
        />
      </span>
    );
  }
  return (
    <span data-testid={testIds.scorecard.freshness}>
      <Text color="secondary" variant="bodySmall">
        {ago ?? 'no data yet'}
      </Text>
    </span>
  );
}
