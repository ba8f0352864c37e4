import { Command, CommanderError } from 'commander';
import { addLintOptions, runLint, type LintFlags } from './lint-command.js';
import { runExplain } from './explain.js';
import { registerEval } from './eval-command.js';
import { registerQuery } from './query-command.js';
import { registerAudit } from './audit.js';
import { registerServe } from './serve.js';
import { registerLsp } from './lsp.js';
import { registerQueue } from './queue.js';
import { run } from './run.js';
import { VERSION } from '../version.js';

// a reader that stops early (guidelint … | head -1) is no failure: end quietly with 0, as Unix filters do
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

const program = new Command('guidelint')
  .description('Lints dictated procedure notes for the documentation behind imaging-guidance codes (77002, 77003 and neighbours).')
  .version(VERSION)
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const lintCommand = addLintOptions(program.command('lint', { isDefault: true }).description('lint notes (the default command)').argument('[paths...]', 'files, directories, globs, or - for stdin'))
  .action((paths: string[], flags: LintFlags) => run(() => runLint(paths, flags)));

// lint is what `guidelint notes/` runs, so the top-level help shows its options too
program.addHelpText('after', () => {
  const help = lintCommand.createHelp();
  const options = help.visibleOptions(lintCommand).filter((o) => o.long !== '--help');
  const width = Math.max(...options.map((o) => help.optionTerm(o).length));
  return ['', 'Lint options (guidelint [options] [paths...]):', ...options.map((o) => help.formatItem(help.optionTerm(o), width, help.optionDescription(o), help))].join('\n');
});

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
registerLsp(program);
registerQueue(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else throw e;
}
