import type { Command } from 'commander';
import { Option } from 'commander';
import { run } from './run.js';
import { lint } from '../lint.js';
import { readNoteFile } from '../adapters/note-files.js';
import { commandLineClaim } from './lint-command.js';
import { buildQuery, guidanceIncludedInProcedure } from '../query/query.js';

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('write a compliant, non-leading physician query for a note whose guidance line needs one')
    .argument('<note>', 'the note file (its X.claim.json sidecar is read too)')
    .option('--claim <file>', 'claim JSON')
    .option('--cpt <lines>', 'claim lines, e.g. 20610,77002-26')
    .option('--dx <codes>', 'ICD-10-CM diagnoses for --cpt')
    .option('--pos <code>', 'place of service for --cpt')
    .addOption(new Option('-f, --format <format>', 'output').choices(['text', 'markdown', 'fhir']).default('text'))
    .action((path: string, flags: { claim?: string; cpt?: string; dx?: string; pos?: string; format: string }) =>
      run(() => {
        const note = readNoteFile(path);
        const claim = commandLineClaim(flags) ?? note.claim;
        const result = lint(note.text, { filename: path, claim });
        const q = buildQuery(result, note.text);
        if (!q) {
          const d = result.documentation;
          const why = !result.claim && guidanceIncludedInProcedure(result)
            ? "the procedure's own code includes the imaging guidance, so there is no guidance code for the documentation to support"
            : result.claim?.action === 'query' || (!result.claim && !d.supported && d.technique === 'imaging')
              ? `every element is documented; the code cannot be chosen from the note (${d.site?.spinal === null ? `77002 vs 77003 for '${d.site.text}' is payer policy` : 'no guidance code'}), which is not a question for the physician`
              : result.claim
                ? `claim action is ${result.claim.action}`
                : d.supported
                  ? 'the documentation supports the guidance'
                  : `technique is ${d.technique}${d.needlePlacement ? '' : ', no needle placement'}`;
          process.stdout.write(`No query needed for ${path}: ${why}.\n`);
          return 0;
        }
        process.stdout.write(flags.format === 'fhir' ? JSON.stringify(q.fhir, null, 2) + '\n' : flags.format === 'markdown' ? q.markdown : q.text);
        return 0;
      }),
    );
}
