import { UsageError } from './errors.js';
import { GrammarError } from '../grammar/index.js';
import { ClaimError } from '../claim/parse.js';
import { ConfigError } from '../config.js';

/** Sets the exit code from a command's result; a usage mistake or an internal failure is 2. */
export async function run(action: () => Promise<number> | number): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (e) {
    if (e instanceof UsageError || e instanceof ClaimError || e instanceof GrammarError || e instanceof ConfigError) {
      process.stderr.write(`guidelint: ${e.message}\n`);
    } else {
      process.stderr.write(`guidelint: internal error: ${(e as Error).stack ?? e}\n`);
    }
    process.exitCode = 2;
  }
}
