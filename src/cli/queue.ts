import { Command, Option } from 'commander';
import { readConfigFile } from '../config.js';
import { UsageError } from '../errors.js';
import { run } from './run.js';

const count = (n: number): string => n.toLocaleString('en-US');

const wholeNumber = (s: string | undefined, flag: string): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) throw new UsageError(`${flag} takes a whole number (got "${s}")`);
  return Number(s);
};

interface EnqueueFlags {
  redis: string;
  queue?: string;
  batch?: string;
  inputFormat?: 'notes' | 'jsonl' | 'csv';
  textColumn: string;
  idColumn: string;
  claimColumn: string;
}

async function enqueueCommand(input: string, flags: EnqueueFlags): Promise<number> {
  // loaded here so that the lint command never pays for bullmq
  const { enqueue } = await import('../audit/queue.js');
  const r = await enqueue({
    path: input,
    format: flags.inputFormat,
    textColumn: flags.textColumn,
    idColumn: flags.idColumn,
    claimColumn: flags.claimColumn,
    redis: flags.redis,
    queue: flags.queue,
    batch: wholeNumber(flags.batch, '--batch'),
  });
  const retried = r.retried ? `; ${count(r.retried)} failed batches put back in the queue` : '';
  process.stderr.write(
    r.already
      ? `guidelint enqueue: input ${r.input} was enqueued before (${count(r.records)} records in ${count(r.batches)} batches): nothing added${retried}\n`
      : `guidelint enqueue: input ${r.input}: ${count(r.records)} records in ${count(r.batches)} batches, ${count(r.added)} added (${count(r.batches - r.added)} already queued)${retried}\n`,
  );
  return 0;
}

interface WorkerFlags {
  redis: string;
  queue?: string;
  out?: string;
  resultsQueue?: string;
  config?: string;
  lockSeconds?: string;
  finalize?: boolean;
  quiet?: boolean;
}

async function workerCommand(flags: WorkerFlags): Promise<number> {
  const queue = await import('../audit/queue.js');
  if (flags.finalize) {
    if (!flags.out) throw new UsageError('--finalize needs --out DIR (the directory the workers wrote)');
    const s = await queue.finalizeQueue({ redis: flags.redis, queue: flags.queue, out: flags.out });
    process.stderr.write(`guidelint worker --finalize: ${count(s.recordsIn)} records in = ${count(s.resultsOut)} results out (${count(s.duplicates)} re-run rows dropped) → ${flags.out}\n`);
    return 0;
  }
  const config = flags.config ? readConfigFile(flags.config) : undefined;
  // SIGTERM or Ctrl-C: finish the batch in hand (its rows kept, its job completed), then leave
  const stop = new AbortController();
  let signal: NodeJS.Signals | null = null;
  const onSignal = (s: NodeJS.Signals): void => {
    if (signal) process.exit(128 + (s === 'SIGINT' ? 2 : 15));
    signal = s;
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const r = await queue.runWorker({
      redis: flags.redis,
      queue: flags.queue,
      out: flags.out,
      resultsQueue: flags.resultsQueue,
      config,
      lockSeconds: wholeNumber(flags.lockSeconds, '--lock-seconds'),
      signal: stop.signal,
    });
    // counts only: notes are PHI and never reach a log
    if (!flags.quiet) process.stderr.write(`guidelint worker: stopped after ${count(r.batches)} batches, ${count(r.rows)} rows\n`);
    return signal === 'SIGINT' ? 130 : 143;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const redisOption = (): Option => new Option('--redis <url>', 'the Redis server, redis://[:PASSWORD@]HOST:PORT[/DB] (the password is sent with AUTH)').makeOptionMandatory();
const queueOption = (): Option => new Option('--queue <name>', 'the BullMQ queue').default('guidelint-audit');

export function registerQueue(program: Command): void {
  program
    .command('enqueue')
    .description('queue an audit input on Redis (BullMQ) as jobs of record batches, for `guidelint worker` processes anywhere')
    .argument('<input>', 'a directory of notes, or a .jsonl or .csv file (as for audit)')
    .addOption(redisOption())
    .addOption(queueOption())
    .option('--batch <n>', 'records per job', '50')
    .addOption(new Option('--input-format <format>', 'input format when the extension does not tell').choices(['notes', 'jsonl', 'csv']))
    .option('--text-column <name>', 'CSV column holding the note text', 'text')
    .option('--id-column <name>', 'CSV column holding the record id', 'id')
    .option('--claim-column <name>', 'CSV column holding the claim as JSON', 'claim')
    .action((input: string, flags: EnqueueFlags) => run(() => enqueueCommand(input, flags)));

  program
    .command('worker')
    .description('lint queued audit batches until stopped (SIGTERM: finish the batch, exit 143); --finalize writes the reports from the rows collected')
    .addOption(redisOption())
    .addOption(queueOption())
    .option('-o, --out <dir>', "directory for the rows (each worker its own file under queue-rows/), and --finalize's outputs")
    .option('--results-queue <name>', 'send each batch\'s rows to this queue instead of --out')
    .option('-c, --config <file>', 'YAML or JSON config: {rules: {rule-id: off|info|warning|error}}')
    .option('--lock-seconds <n>', "how long a batch stays locked to its worker: a killed worker's batch goes to another after about this long", '30')
    .option('--finalize', 'once the queue is done: gather --out\'s rows into results.jsonl (record order, each record once) and write the reports')
    .option('-q, --quiet', 'no closing line on stderr')
    .action((flags: WorkerFlags) => run(() => workerCommand(flags)));
}
