import { Command, InvalidArgumentError, Option } from 'commander';
import type { Catalog } from '../../core/catalog/model';
import type { ContactPoints } from '../../generators/routing';
import { PublishError } from '../../publish/errors';
import { drifted, planLines, summaryLine } from '../../publish/format';
import { GrafanaApi } from '../../publish/grafanaApi';
import { applyPlan, changes, NewContactPoint, planPublish } from '../../publish/plan';
import { loadCatalog } from '../catalogFile';
import { print } from '../context';
import { CliError, errorLine, EXIT } from '../errors';
import { fetchClient } from '../fetchClient';
import { contactPointOption } from '../routingArgs';

interface PublishCommandOptions {
  grafana?: string;
  token?: string;
  dryRun?: boolean;
  check?: boolean;
  prune?: boolean;
  force?: boolean;
  contactPoint: ContactPoints;
  createContactPoint: NewContactPoint[];
}

/** commander collector for `--create-contact-point NAME=email:ADDRESSES` / `NAME=webhook:URL`. */
export function newContactPointArg(text: string, previous: NewContactPoint[]): NewContactPoint[] {
  const m = /^([^=]+)=(email|webhook):(.*)$/.exec(text);
  if (!m) {
    throw new InvalidArgumentError('use NAME=email:ADDRESS[;ADDRESS…] or NAME=webhook:URL');
  }
  if (m[3].trim() === '') {
    throw new InvalidArgumentError(
      `empty ${m[2] === 'email' ? 'address' : 'URL'}: Grafana would accept it and never deliver`
    );
  }
  return [...previous, { name: m[1].trim(), type: m[2] as 'email' | 'webhook', address: m[3].trim() }];
}

/**
 * `openkpi publish CATALOG… --grafana URL [--token T]`: puts the catalogs' folders, dashboards
 * and alert rules into a running Grafana through its HTTP API (docs/publish.md).
 */
export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description("publish catalogs' dashboards and alert rules to a Grafana through its HTTP API")
    .argument('<catalogs...>', 'catalog files')
    .addOption(new Option('--grafana <url>', "Grafana's root URL").env('GRAFANA_URL'))
    .addOption(new Option('--token <token>', 'a service-account token (Editor)').env('GRAFANA_TOKEN'))
    .option('--dry-run', 'print the plan (create / update / delete / unchanged, with a short diff) and write nothing')
    .option('--check', 'write nothing; exit 6 when Grafana differs from the catalogs (drift detection for CI)')
    .option('--prune', 'delete OpenKPI dashboards of these catalogs that they no longer generate')
    .option('--force', 'overwrite dashboards edited in Grafana since the last publish')
    .addOption(contactPointOption())
    .addOption(
      new Option(
        '--create-contact-point <name=type:address>',
        'create this contact point when it does not exist (email or webhook); repeatable'
      )
        .argParser(newContactPointArg)
        .default([])
    )
    .action(async (files: string[], options: PublishCommandOptions) => {
      if (!options.grafana) {
        throw new CliError(errorLine('publish needs --grafana URL (or GRAFANA_URL)'), EXIT.usage);
      }
      const catalogs: Catalog[] = [];
      for (const file of files) {
        catalogs.push(await loadCatalog(file));
      }
      const api = new GrafanaApi(fetchClient(options.grafana, options.token));
      try {
        const plan = await planPublish(api, catalogs, {
          contactPoints: options.contactPoint,
          createContactPoints: options.createContactPoint,
          force: options.force,
          prune: options.prune,
          grafanaUrl: options.grafana,
        });
        if (options.dryRun || options.check) {
          print(planLines(plan).join('\n'));
          if (options.check && drifted(plan)) {
            throw new CliError(errorLine('Grafana differs from the catalogs (see the plan above)'), EXIT.drift);
          }
          return;
        }
        print(planLines(plan).join('\n'));
        const done = await applyPlan(plan);
        print(
          done.length === 0
            ? 'nothing to write: Grafana matches the catalogs'
            : `published: ${summaryLine(changes(plan)).replace(/^plan: /, '')}`
        );
      } catch (err) {
        if (err instanceof PublishError) {
          throw new CliError(errorLine(err.message), EXIT.grafana, { cause: err });
        }
        throw err;
      }
    });
}
