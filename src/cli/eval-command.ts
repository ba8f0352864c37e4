import type { Command } from 'commander';
import { run } from './run.js';
import { loadLabeled } from '../eval/corpus.js';
import { evaluate, formatEvaluation } from '../eval/evaluate.js';
import { formatNegex, readNegex, scoreNegex } from '../eval/negex.js';
import { UsageError } from '../errors.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score the linter against labeled notes (X.gold.json beside X.txt), or the context engine on the NegEx set')
    .argument('[dirs...]', 'directories of labeled notes')
    .option('--negex <file>', 'score the context engine (negation, historical, hypothetical) on a NegEx/ConText annotation file, per half: odd rows tune, even rows are held out')
    .option('-f, --format <format>', 'text or json', 'text')
    .option('--no-wrong', 'leave out the list of notes that differ')
    .action((dirs: string[], flags: { negex?: string; format: string; wrong: boolean }) =>
      run(async () => {
        if (!['text', 'json'].includes(flags.format)) throw new UsageError('--format is text or json');
        if (!flags.negex && dirs.length === 0) throw new UsageError('give directories of labeled notes, or --negex FILE');
        const report: Record<string, unknown> = {};
        const text: string[] = [];
        if (flags.negex) {
          const rows = readNegex(flags.negex);
          const s = scoreNegex(rows);
          report.negex = { ...s, errors: s.errors.length };
          text.push(formatNegex(s, flags.negex, flags.wrong ? rows : undefined));
        }
        for (const dir of dirs) {
          const e = evaluate(await loadLabeled([dir]));
          if (!flags.wrong) e.wrong = [];
          report[dir] = e;
          text.push(formatEvaluation(e, dir));
        }
        process.stdout.write(flags.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : text.join('\n'));
        return 0;
      }),
    );
}
