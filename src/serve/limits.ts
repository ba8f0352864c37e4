// The service's default limits, in a module of their own so the CLI can show them without loading the server.
export const DEFAULT_LINT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS = 256;
export const DEFAULT_HEAP_MB = 1024;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** what a socket may wait, silent, for a lint thread to start in place of a stopped one */
export const THREAD_START_ALLOWANCE_MS = 60_000;
