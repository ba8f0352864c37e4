import { describeError } from '../errors.js';

/** Sets the exit code from a command's result, or from what it threw (../errors.ts says which). */
export async function run(action: () => Promise<number> | number): Promise<void> {
  try {
    process.exitCode = await action();
  } catch (e) {
    const { exitCode, message } = describeError(e);
    process.stderr.write(`guidelint: ${message}\n`);
    process.exitCode = exitCode;
  }
}
