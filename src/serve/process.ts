// One process of `guidelint serve --processes N` (bundled to dist/serve-process.js): starts the
// server with the primary's options and reports how that went.
import { startServer } from './listen.js';
import { OPTIONS_ENV, type ProcessOptions, type ProcessReport } from './cluster.js';

const report = (r: ProcessReport): void => void process.send?.(r);
const { accessLog, ...options } = JSON.parse(process.env[OPTIONS_ENV] ?? '{}') as ProcessOptions;

try {
  const { app, url } = await startServer({ ...options, log: accessLog ? undefined : false });
  report({ kind: 'listening', url });
  // the primary disconnects on SIGINT/SIGTERM; Ctrl-C reaches this process too
  const stop = (): void => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
} catch (e) {
  report({ kind: 'failed', message: (e as Error).message, code: (e as NodeJS.ErrnoException).code });
  process.exit(1);
}
