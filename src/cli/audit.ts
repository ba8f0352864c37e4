import { Command, Option } from 'commander';
import { availableParallelism, constants as osConstants } from 'node:os';
import { readConfigFile } from '../config.js';
import { UsageError } from '../errors.js';
import { run } from './run.js';
import { CATEGORIES, CATEGORY_LABELS } from '../report/category.js';
import type { Totals } from '../audit/tally.js';
import { collect } from './lint-command.js';
import { IGNORE_FILE } from '../adapters/note-files.js';

interface AuditFlags {
  out?: string;
  inputFormat?: 'notes' | 'jsonl' | 'csv';
  textColumn: string;
  idColumn: string;
  claimColumn: string;
  threads?: string;
  resume?: boolean;
  overwrite?: boolean;
  sample?: string;
  seed?: string;
  stratifyBy?: string;
  shard?: string;
  recordOffset?: string;
  config?: string;
  quiet?: boolean;
  compare?: string;
  fees?: string;
  ignorePattern?: string[];
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const signalExitCode = (signal: NodeJS.Signals): number => 128 + osConstants.signals[signal];

const count = (n: number): string => n.toLocaleString('en-US');

/** The closing line's counts: each verdict category, the record errors, the notes needing action. */
const closing = (t: Totals): string =>
  `${[...CATEGORIES.map((c) => `${count(t.categories[c])} ${CATEGORY_LABELS[c]}`), `${count(t.recordErrors)} record errors`].join(' · ')}; ${count(t.failing)} need action`;

async function audit(input: string, flags: AuditFlags): Promise<number> {
  // a bad config is a ConfigError, reported by run() with exit 2
  const config = flags.config ? readConfigFile(flags.config) : undefined;
  const number = (s: string | undefined, flag: string): number | undefined => {
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s)) throw new UsageError(`${flag} takes a whole number (got "${s}")`);
    return Number(s);
  };

  // first Ctrl-C, kill or hang-up: stop reading, finish the records in flight, close with whole
  // rows, then exit 128 + the signal's number as a shell reports a process the signal ended;
  // a second signal: leave now
  const stop = new AbortController();
  let caught: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) process.exit(signalExitCode(signal));
    caught = signal;
    stop.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    // loaded here so that the lint command never pays for piscina, csv, node-sqlite3-wasm
    const { runAudit } = await import('../audit/run.js');
    const fees = flags.fees ? (await import('../audit/fees.js')).readFees(flags.fees) : undefined;
    const outcome = await runAudit({
      input,
      out: flags.out,
      format: flags.inputFormat,
      textColumn: flags.textColumn,
      idColumn: flags.idColumn,
      claimColumn: flags.claimColumn,
      threads: number(flags.threads, '--threads'),
      resume: flags.resume,
      overwrite: flags.overwrite,
      sample: number(flags.sample, '--sample'),
      seed: flags.seed,
      stratifyBy: flags.stratifyBy,
      shard: flags.shard,
      recordOffset: number(flags.recordOffset, '--record-offset'),
      config,
      quiet: flags.quiet,
      ignorePatterns: flags.ignorePattern,
      signal: stop.signal,
      compare: flags.compare,
      fees,
    });
    if (input === '-') process.stdin.destroy(); // an interrupted read of stdin would keep the process alive
    // counts only: notes are PHI and never reach a log
    if (outcome.interrupted === 'output closed') return 0; // the reader of stdout left early: no failure (see main.ts)
    if (outcome.interrupted) {
      process.stderr.write(`guidelint audit: interrupted${caught ? ` by ${caught}` : ''}: ${count(outcome.resultsOut)} complete rows written${flags.out ? `; continue with --resume --out ${flags.out}` : ''}\n`);
      return signalExitCode(caught ?? 'SIGINT');
    }
    const s = outcome.summary;
    if (!flags.quiet) {
      const tail = s && outcome.run
        ? ` (${closing(s.totals)}) in ${(outcome.run.seconds.lint + outcome.run.seconds.reports).toFixed(1)} s → ${flags.out}`
        : ` in ${outcome.lintSeconds.toFixed(1)} s`;
      process.stderr.write(`guidelint audit: ${count(outcome.recordsIn)} records in = ${count(outcome.resultsOut)} results out${tail}\n`);
    }
    if (outcome.recordsIn !== outcome.resultsOut) {
      process.stderr.write('guidelint audit: internal error: records in and results out differ\n');
      return 2;
    }
    return 0;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}

export function registerAudit(program: Command): void {
  const auditCommand = program
    .command('audit')
    .description('bulk audit: lint every record on worker threads and write results.jsonl, results.csv, results.sqlite, report.html and summary.json')
    .argument('<input>', 'a directory of notes, a .jsonl or .csv file, or - (JSONL on stdin → JSONL on stdout)')
    .option('-o, --out <dir>', 'output directory (required unless the input is -)')
    .addOption(new Option('--input-format <format>', 'input format when the extension does not tell').choices(['notes', 'jsonl', 'csv']))
    .option('--text-column <name>', 'CSV column holding the note text', 'text')
    .option('--id-column <name>', 'CSV column holding the record id', 'id')
    .option('--claim-column <name>', 'CSV column holding the claim as JSON', 'claim')
    .option('-j, --threads <n>', `worker threads (default: the core count, ${availableParallelism()} here)`)
    .option('--resume', 'continue an interrupted run in --out without repeating rows')
    .option('--overwrite', 'replace the results already in --out')
    .option('--sample <n>', 'audit a simple random sample of n records')
    .option('--seed <seed>', 'seed for --sample (recorded in summary.json; random when omitted)')
    .option('--stratify-by <field>', 'draw --sample proportionally within each value of this field, e.g. provider')
    .option('--shard <k/n>', 'process the k-th of n contiguous parts: a JSONL file by byte range (whole lines), a directory by file; join them with audit merge')
    .option('--record-offset <n>', 'number records and lines from n+1: a pipe partition that starts after record n of the whole input')
    .option('-c, --config <file>', 'YAML or JSON config: {rules: {rule-id: off|info|warning|error}}')
    .option('--compare <dir>', "an earlier run's --out directory (or its summary.json): the report shows what improved and regressed, by rule and provider")
    .option('--fees <file>', 'fee schedule CSV (code,amount per row): the report prices the guidance billed on claims at risk')
    .option('--ignore-pattern <pattern>', `with a folder or glob: skip files matching this gitignore-style pattern (repeatable; also read from ${IGNORE_FILE})`, collect)
    .option('-q, --quiet', 'no progress or closing summary on stderr')
    .action((input: string, flags: AuditFlags) => run(() => audit(input, flags)));
  auditCommand
    .command('merge')
    .description("join the shards of one audit (--shard K/N) into one run's outputs: results.jsonl in record order, the reports and summary")
    .argument('<shards...>', 'the shard output directories, one per K')
    .option('-o, --out <dir>', 'the merged output directory (required)')
    .option('--compare <dir>', "an earlier run's --out directory (or its summary.json), as for audit")
    .option('--fees <file>', 'fee schedule CSV (code,amount per row), as for audit')
    .option('-q, --quiet', 'no closing line on stderr')
    // audit's own --out and --quiet take the flag when it is written after "merge": read both levels
    .action((shards: string[], _flags: unknown, command: Command) => run(() => merge(shards, command.optsWithGlobals())));
}

async function merge(shards: string[], flags: { out?: string; quiet?: boolean; compare?: string; fees?: string }): Promise<number> {
  if (!flags.out) throw new UsageError('audit merge needs --out DIR');
  const { mergeShards } = await import('../audit/merge.js');
  const fees = flags.fees ? (await import('../audit/fees.js')).readFees(flags.fees) : undefined;
  const { shards: n, records, summary } = await mergeShards(flags.out, shards, { fees, compare: flags.compare });
  if (!flags.quiet) {
    process.stderr.write(`guidelint audit merge: ${n} shards, ${count(records)} records = ${count(summary.resultsOut)} results (${closing(summary.totals)}) → ${flags.out}\n`);
  }
  return 0;
}
