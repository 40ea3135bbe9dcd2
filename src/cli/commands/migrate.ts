import { Command } from 'commander';
import { globalsOf, inContext, print, withConnection } from '../context';
import { migrate } from '../migrate';

/** `openkpi migrate`: creates schema `openkpi` and the manual measurement table; safe to repeat. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create schema openkpi and table openkpi.measurement (for manual KPIs) if missing')
    .action(async (_options: unknown, command: Command) => {
      await inContext({}, () => withConnection(globalsOf(command), (connection) => migrate(connection.runner)));
      print('openkpi.measurement is ready');
    });
}
