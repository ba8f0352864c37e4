import { Command, CommanderError } from 'commander';
import { addLintOptions, runLint, type LintFlags } from './lint-command.js';
import { runExplain } from './explain.js';
import { registerEval } from './eval-command.js';
import { registerQuery } from './query-command.js';
import { registerAudit } from './audit.js';
import { registerServe } from './serve.js';
import { run } from './run.js';
import { VERSION } from '../version.js';

const program = new Command('guidelint')
  .description('Lints dictated procedure notes for the documentation behind imaging-guidance codes (77002, 77003 and neighbours).')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

addLintOptions(program.command('lint', { isDefault: true }).description('lint notes (the default command)').argument('[paths...]', 'files, directories, globs, or - for stdin'))
  .action((paths: string[], flags: LintFlags) => run(() => runLint(paths, flags)));

program
  .command('explain')
  .description("print a rule's documentation")
  .argument('[rule]', 'rule id')
  .option('--list', 'list every rule')
  .action((id: string | undefined, flags: { list?: boolean }) => run(() => (process.stdout.write(runExplain(id, flags.list === true)), 0)));

registerEval(program);
registerQuery(program);
registerAudit(program);
registerServe(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else throw e;
}
