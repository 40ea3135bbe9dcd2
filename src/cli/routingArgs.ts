import { InvalidArgumentError, Option } from 'commander';
import type { Severity } from '../core/catalog/model';
import { ALERT_KINDS } from '../core/compiler/alertQuery';
import type { ContactPoints } from '../generators/routing';

/** commander collector for `--contact-point SEVERITY=NAME` (or `NAME` alone: every severity). */
export function contactPointArg(text: string, previous: ContactPoints): ContactPoints {
  const eq = text.indexOf('=');
  const severity = eq > 0 ? text.slice(0, eq).trim() : undefined;
  const name = (eq > 0 ? text.slice(eq + 1) : text).trim();
  if (name === '') {
    throw new InvalidArgumentError('empty contact point name');
  }
  if (severity === undefined) {
    return Object.fromEntries(ALERT_KINDS.map((k) => [k, name]));
  }
  if (!(ALERT_KINDS as string[]).includes(severity)) {
    throw new InvalidArgumentError(`unknown severity "${severity}": use ${ALERT_KINDS.join(', ')}`);
  }
  return { ...previous, [severity as Severity]: name };
}

/** `--contact-point`, shared by build and publish. */
export function contactPointOption(): Option {
  return new Option(
    '--contact-point <[severity=]name>',
    'route a severity (critical, warning, info, stale; all when left out) to this Grafana contact point; repeatable'
  )
    .argParser(contactPointArg)
    .default({});
}
