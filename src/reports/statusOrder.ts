import { KEY_RESULT_STATUS_HEX, KEY_RESULT_STATUS_NAMES } from '../core/rules/keyResultStatus';
import { severityRank, Status, STATUS_HEX as CORE_HEX, STATUS_NAMES, STATUSES } from '../core/rules/status';

/** Reports read the core's status vocabulary (core/rules/status.ts): order, names, colours. */
export function statusRank(status: Status): number {
  return severityRank(status);
}

export const STATUS_ORDER: readonly Status[] = STATUSES;

/** Names and colours of KPI statuses and of key-result statuses (objectives), by status id. */
export const STATUS_LABEL: Readonly<Record<string, string>> = { ...KEY_RESULT_STATUS_NAMES, ...STATUS_NAMES };

export const STATUS_HEX: Readonly<Record<string, string>> = { ...KEY_RESULT_STATUS_HEX, ...CORE_HEX };
