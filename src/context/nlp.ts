import { createRequire } from 'node:module';
import type Compromise from 'compromise';

let loaded: typeof Compromise | undefined;

/**
 * compromise, loaded on first use: it takes ~45 MB of a process, and the processes that never ask
 * it anything (the audit's main thread, `--help`, the server's event loop) should not pay for it.
 */
export function compromise(): typeof Compromise {
  return (loaded ??= createRequire(import.meta.url)('compromise') as typeof Compromise);
}
