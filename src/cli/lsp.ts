import type { Command } from 'commander';
import { run } from './run.js';

/** `guidelint lsp`: the language server on stdin/stdout; runs until the editor sends exit. */
export function registerLsp(program: Command): void {
  program
    .command('lsp')
    .description('run the language server over stdio (diagnostics, quick fixes with blank prompts, hover) for an editor')
    // editors' LSP clients (VS Code's among them) pass --stdio; it is the only transport
    .option('--stdio', 'talk the protocol over stdin/stdout (the default)')
    .action(() => run(async () => {
      // the protocol library loads only for this command
      const { startLanguageServer } = await import('../lsp/server.js');
      startLanguageServer({ input: process.stdin, output: process.stdout });
      return 0;
    }));
}
