import { Command, CommanderError } from 'commander';
import { version } from '../package.json';
import { registerAnswers } from './commands/answers';
import { registerReport } from './commands/report';
import { registerDemoData } from './commands/demoData';
import { registerDiagram } from './commands/diagram';
import { registerFind } from './commands/find';
import { registerImport } from './commands/import';
import { registerJourneys } from './commands/journeys';
import { registerKeys } from './commands/keys';
import { registerPreview } from './commands/preview';
import { registerPrivacy } from './commands/privacy';
import { registerSendTest } from './commands/sendTest';
import { registerSetup } from './commands/setup';
import { registerSimulate } from './commands/simulate';
import { registerStatus } from './commands/status';
import { registerSupportActions } from './commands/support';
import { registerValidate } from './commands/validate';

/**
 * `afterglow <command>`: tools for the people who write journeys and templates. Exit codes: 0 done, 1 the command
 * failed (or found errors), 2 the command line was wrong (unknown command or option, missing argument).
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command('afterglow')
    .description(
      "Marketers: check, preview, simulate, draw and test-send journeys, catalog and templates. Support: read and steer a customer's journeys.",
    )
    .version(version)
    // Settings made here are inherited by the commands registered below.
    .exitOverride()
    .showHelpAfterError(true);
  for (const register of [
    registerValidate,
    registerPreview,
    registerSimulate,
    registerDiagram,
    registerSendTest,
    registerFind,
    registerStatus,
    registerSupportActions,
    registerAnswers,
    registerReport,
    registerDemoData,
    registerJourneys,
    registerKeys,
    registerSetup,
    registerImport,
    registerPrivacy,
  ])
    register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander has printed the help or the mistake already.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`afterglow: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
