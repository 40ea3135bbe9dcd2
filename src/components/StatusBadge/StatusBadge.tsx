import React from 'react';
import { Badge, BadgeColor, IconName } from '@grafana/ui';
import type { Status } from '../../core/evaluation/status';
import { testIds } from '../testIds';

const LOOK: Record<Status, { text: string; color: BadgeColor; icon: IconName }> = {
  ok: { text: 'OK', color: 'green', icon: 'check' },
  warning: { text: 'Warning', color: 'orange', icon: 'exclamation-triangle' },
  critical: { text: 'Critical', color: 'red', icon: 'fire' },
  no_data: { text: 'No data', color: 'darkgrey', icon: 'question-circle' },
  error: { text: 'Error', color: 'purple', icon: 'bug' },
};

/** True for the statuses the KPI evaluation reports (docs/catalog.md, Thresholds and status, plus `error`). */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && value in LOOK;
}

/** A KPI's status as a coloured badge, worded for people (`no_data` → "No data"). */
export function StatusBadge({ status }: { status: Status }) {
  const look = LOOK[status];
  return <Badge data-testid={testIds.kpi.status} text={look.text} color={look.color} icon={look.icon} />;
}
