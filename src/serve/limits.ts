// The service's default limits, in a module of their own so the CLI can show them without loading the server.
export const DEFAULT_LINT_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_CONNECTIONS = 256;
/** requests a process lets wait for a lint thread: above --max-connections, so only a client that pipelines requests meets it */
export const DEFAULT_MAX_QUEUE = 512;
/** what a request refused for a full queue is told to wait before it retries (s) */
export const QUEUE_RETRY_AFTER_S = 1;
export const DEFAULT_HEAP_MB = 1024;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** what a socket may wait, silent, for a lint thread to start in place of a stopped one */
export const THREAD_START_ALLOWANCE_MS = 60_000;
