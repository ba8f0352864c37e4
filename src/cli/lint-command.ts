import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { lint } from '../lint.js';
import { expandPaths, readNoteFile, readNoteBytes, DEFAULT_IGNORES, IGNORE_FILE, type NoteInput } from '../adapters/note-files.js';
import { InputError } from '../note/decode.js';
import { INPUT_MODES, type InputMode } from '../adapters/index.js';
import { readConfigFile } from '../config.js';
import { claimFromFlags, readClaimFile, ClaimError } from '../claim/parse.js';
import { formatResults, FORMATS } from '../report/index.js';
import type { Claim, LintResult } from '../types.js';
import { UsageError } from '../errors.js';

export interface LintFlags {
  format: string;
  stdin?: boolean;
  stdinFilename?: string;
  claim?: string;
  cpt?: string;
  dx?: string;
  pos?: string;
  config?: string;
  maxWarnings?: string;
  input: InputMode;
  ignorePattern?: string[];
}

/** The claim from --claim FILE or --cpt/--dx/--pos (one or the other), if any. */
export function commandLineClaim(flags: Pick<LintFlags, 'claim' | 'cpt' | 'dx' | 'pos'>): Claim | undefined {
  if (flags.claim && flags.cpt) throw new UsageError('use either --claim FILE or --cpt, not both');
  if (flags.claim) return readClaimFile(flags.claim);
  if (flags.cpt) return claimFromFlags(flags.cpt, flags.dx, flags.pos);
  if (flags.dx || flags.pos) throw new UsageError('--dx and --pos need --cpt');
  return undefined;
}

/** Lints paths (or stdin) and prints; returns the exit code (0 clean, 1 findings, 2 failures). */
export async function runLint(paths: string[], flags: LintFlags): Promise<number> {
  const maxWarnings = flags.maxWarnings === undefined ? -1 : Number(flags.maxWarnings);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError('--max-warnings takes a whole number');
  // a bad config is a ConfigError, reported by run() with exit 2
  const config = flags.config ? readConfigFile(flags.config) : undefined;
  const useStdin = flags.stdin || (paths.length === 1 && paths[0] === '-');
  const flagClaim = commandLineClaim(flags);

  const inputs: (NoteInput | InputError | ClaimError)[] = [];
  if (useStdin) {
    const source = flags.stdinFilename ?? '<stdin>';
    try {
      inputs.push(readNoteBytes(readFileSync(0), source, flags.input, flagClaim));
    } catch (e) {
      if (e instanceof InputError) inputs.push(e);
      else throw e;
    }
  } else {
    if (paths.length === 0) throw new UsageError('no notes given: pass files, directories or globs, or --stdin');
    const { files, missing } = await expandPaths(paths, { ignorePatterns: flags.ignorePattern });
    for (const m of missing) inputs.push(new InputError(m, 'no such file, directory or matching glob'));
    if (flagClaim && files.length > 1) throw new UsageError('--claim/--cpt apply to a single note; use X.claim.json sidecars for several');
    for (const f of files) {
      try {
        const note = readNoteFile(f, flags.input);
        inputs.push(flagClaim ? { ...note, claim: flagClaim } : note);
      } catch (e) {
        if (e instanceof InputError || e instanceof ClaimError) inputs.push(e);
        else throw e;
      }
    }
  }

  const results: LintResult[] = [];
  let failed = 0;
  for (const input of inputs) {
    if (input instanceof Error) {
      failed++;
      process.stderr.write(`guidelint: ${input.message}\n`);
      continue;
    }
    results.push(lint(input.text, { filename: input.source, claim: input.claim, config }));
  }
  process.stdout.write(formatResults(results, flags.format));
  if (failed) return 2;
  const errors = results.reduce((n, r) => n + r.summary.errors, 0);
  const warnings = results.reduce((n, r) => n + r.summary.warnings, 0);
  return errors > 0 || (maxWarnings >= 0 && warnings > maxWarnings) ? 1 : 0;
}

/** A repeatable option's values, in order. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addLintOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('stylish'))
    .option('--stdin', 'read one note from standard input')
    .option('--stdin-filename <name>', 'the name to report for the note read from stdin')
    .option('--claim <file>', 'claim JSON for a single note or stdin (else X.claim.json beside X.txt)')
    .option('--cpt <lines>', 'claim lines, e.g. 20610-RT,77002-26 (units: 77002x2)')
    .option('--dx <codes>', 'ICD-10-CM diagnoses for --cpt, e.g. M17.11')
    .option('--pos <code>', 'place of service for --cpt, e.g. 22')
    .option('-c, --config <file>', 'YAML or JSON config: {rules: {rule-id: off|info|warning|error}}')
    .option('--max-warnings <n>', 'exit 1 when warnings exceed n')
    .option('--ignore-pattern <pattern>', `skip files in folders and globs matching this gitignore-style pattern (repeatable; also read from ${IGNORE_FILE}; ${DEFAULT_IGNORES.join(' ')} by default)`, collect)
    .addOption(new Option('--input <format>', 'how to read each input: plain text/Markdown, FHIR R4 DocumentReference or Bundle, HL7 v2 MDM').choices(INPUT_MODES).default('auto'));
}
