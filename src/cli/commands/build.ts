import { Command } from 'commander';
import { BuildOptions, DEFAULT_OPTIONS } from '../../generators/options';
import { buildTree } from '../buildTree';
import { inContext, print } from '../context';
import { contactPointOption } from '../routingArgs';
import type { ContactPoints } from '../../generators/routing';

interface BuildCommandOptions {
  out: string;
  postgresHost?: string;
  postgresDb?: string;
  postgresUser?: string;
  postgresPassword?: string;
  postgresSslmode?: string;
  dashboardsPath: string;
  policies?: boolean;
  contactPoints?: boolean;
  contactPoint: ContactPoints;
  grafanaUrl?: string;
}

/** Options with the flags given; every unset value stays a `$__env{…}` reference for Grafana to expand. */
export function buildOptionsOf(o: BuildCommandOptions): BuildOptions {
  const pg = DEFAULT_OPTIONS.postgres;
  return {
    postgres: {
      host: o.postgresHost ?? pg.host,
      database: o.postgresDb ?? pg.database,
      user: o.postgresUser ?? pg.user,
      password: o.postgresPassword ?? pg.password,
      sslmode: o.postgresSslmode ?? pg.sslmode,
    },
    dashboardsPath: o.dashboardsPath,
    policies: o.policies,
    contactPoints: o.contactPoints,
    routing: o.contactPoint,
    grafanaUrl: o.grafanaUrl,
    environment: process.env,
  };
}

/**
 * `openkpi build CATALOG… --out DIR`: writes, from catalogs alone, the file-provisioning tree a
 * stock Grafana loads (docs/provisioning.md). No database is needed.
 */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('write Grafana provisioning (data sources, dashboards, alert rules) for catalogs')
    .argument('<catalogs...>', 'catalog files')
    .requiredOption('--out <dir>', 'output directory')
    .option('--postgres-host <host:port>', 'PostgreSQL for Grafana (default: $__env{OPENKPI_PG_HOST})')
    .option('--postgres-db <name>', 'database (default: $__env{OPENKPI_PG_DATABASE})')
    .option('--postgres-user <user>', 'user, read-only is best (default: $__env{OPENKPI_PG_USER})')
    .option('--postgres-password <password>', 'password; prefer the default $__env{OPENKPI_PG_PASSWORD}')
    .option('--postgres-sslmode <mode>', 'disable|require|verify-full (default: $__env{OPENKPI_PG_SSLMODE})')
    .option('--dashboards-path <dir>', 'where Grafana sees DIR/dashboards', DEFAULT_OPTIONS.dashboardsPath)
    .addOption(contactPointOption())
    .option('--grafana-url <url>', "Grafana's public URL, for absolute links in alert notifications")
    .option(
      '--contact-points',
      'also write the contact points "OpenKPI alerts"/"OpenKPI digest" (needs OPENKPI_ALERT_WEBHOOK_URL and OPENKPI_ALERT_EMAILS)'
    )
    .option('--policies', "also write a notification-policy tree: it REPLACES the Grafana organisation's whole tree")
    .action(async (catalogs: string[], options: BuildCommandOptions) => {
      const written = await inContext({}, () => buildTree(catalogs, options.out, buildOptionsOf(options)));
      print(`wrote ${written.length} files to ${options.out}`);
    });
}
