import { severityRank, Status, STATUS_HEX as CORE_HEX, STATUS_NAMES, STATUSES } from '../core/rules/status';

/** Reports read the core's status vocabulary (core/rules/status.ts): order, names, colours. */
export function statusRank(status: Status): number {
  return severityRank(status);
}

export const STATUS_ORDER: readonly Status[] = STATUSES;

export const STATUS_LABEL: Readonly<Record<string, string>> = STATUS_NAMES;

export const STATUS_HEX: Readonly<Record<string, string>> = CORE_HEX;
