import type { KeyResultStatus } from '../objectives/progress';
import { STATUS_HEX, STATUS_NAMES } from './status';

/** How a key result's status reads and which KPI status colour it borrows (achieved is as good as ok). */
const LOOK: Readonly<Record<KeyResultStatus, { name: string; like: keyof typeof STATUS_HEX }>> = {
  achieved: { name: 'Achieved', like: 'ok' },
  on_track: { name: 'On track', like: 'ok' },
  at_risk: { name: 'At risk', like: 'warning' },
  missed: { name: 'Missed', like: 'critical' },
  no_data: { name: STATUS_NAMES.no_data, like: 'no_data' },
};

export const KEY_RESULT_STATUS_NAMES: Readonly<Record<KeyResultStatus, string>> = Object.fromEntries(
  Object.entries(LOOK).map(([s, l]) => [s, l.name])
) as Record<KeyResultStatus, string>;

export const KEY_RESULT_STATUS_HEX: Readonly<Record<KeyResultStatus, string>> = Object.fromEntries(
  Object.entries(LOOK).map(([s, l]) => [s, STATUS_HEX[l.like]])
) as Record<KeyResultStatus, string>;
