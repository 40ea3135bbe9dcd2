import React from 'react';
import { Badge, BadgeColor, IconName } from '@grafana/ui';
import { Status, statusInfo } from '../../core/rules/status';
import { testIds } from '../testIds';

/**
 * A KPI's status as a coloured badge, worded for people (`no_data` → "No data"). The colour is
 * the status palette's: Badge resolves it with the theme's getColorByName, like panels do.
 */
export function StatusBadge({ status }: { status: Status }) {
  const info = statusInfo(status);
  return (
    <Badge
      data-testid={testIds.kpi.status}
      text={info.name}
      color={info.color as BadgeColor}
      icon={info.icon as IconName}
    />
  );
}
