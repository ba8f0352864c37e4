import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { run } from './run.js';
import { UsageError } from '../errors.js';
import { DEFAULT_HEAP_MB, DEFAULT_LINT_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_QUEUE, DEFAULT_REQUEST_TIMEOUT_MS } from '../serve/limits.js';

interface ServeFlags {
  port: string;
  host: string;
  token?: string;
  bodyLimit: string;
  accessLog: boolean;
  threads: string;
  processes: string;
  allowedHost: string[];
  allowedOrigin: string[];
  lintTimeout: string;
  requestTimeout: string;
  maxConnections: string;
  maxQueue: string;
  maxHeap: string;
  cdsDb: string;
  cdsJwks?: string;
  cdsIssuer?: string[];
  publicUrl?: string;
}

function wholeNumber(value: string, flag: string, max: number, min = 0): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max || n < min) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}`);
  return n;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** An --allowed-origin as browsers send it: scheme://host[:port], nothing after. */
function origin(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== value.replace(/\/$/, '').toLowerCase()) {
    throw new UsageError(`--allowed-origin takes an origin like https://ehr.example.org or http://localhost:3000 (got "${value}")`);
  }
  return url.origin;
}

/** `guidelint serve`: the HTTP API and the pre-sign check page. Runs until SIGINT/SIGTERM. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (/v1/lint, /v1/query, /v1/rules), the CDS Hooks services (/cds-services) and the pre-sign check page at /')
    .option('-p, --port <n>', 'port (0 picks a free one)', '7702')
    .option('-H, --host <address>', 'address to bind; anything but loopback needs --token', '127.0.0.1')
    .option('--token <token>', 'require Authorization: Bearer <token> on /v1/* (or set GUIDELINT_TOKEN)')
    .option('--body-limit <bytes>', 'largest request body', String(1024 * 1024))
    .option('--no-access-log', 'do not write access-log lines to stderr')
    .option('--processes <n>', 'server processes sharing the port, each replaced if it dies', String(availableParallelism()))
    .option('-j, --threads <n>', 'worker threads per process that lint requests (each lint is stopped at --lint-timeout)', '1')
    .option('--allowed-host <name>', 'a name clients may send in the Host header besides loopback and the bound address (repeatable)', collect, [])
    .option('--allowed-origin <origin>', 'an origin (https://ehr.example.org) whose pages may call the API (repeatable); none by default', collect, [])
    .option('--lint-timeout <ms>', 'time budget of one request\'s lint; past it the lint is stopped and the answer is 503', String(DEFAULT_LINT_TIMEOUT_MS))
    .option('--request-timeout <ms>', 'time within which a request\'s headers and body must arrive (a trickling client is cut off)', String(DEFAULT_REQUEST_TIMEOUT_MS))
    .option('--max-connections <n>', 'open connections per process; more are closed at once', String(DEFAULT_MAX_CONNECTIONS))
    .option('--max-queue <n>', 'requests per process that may wait for a lint thread; more are answered 503 with Retry-After at once', String(DEFAULT_MAX_QUEUE))
    .option('--max-heap <MB>', 'heap cap of each server process and of each lint thread', String(DEFAULT_HEAP_MB))
    .option('--cds-db <path>', 'CDS Hooks audit database: cards issued and the clinicians\' feedback', 'guidelint-cds.sqlite')
    .option('--cds-jwks <url|file>', 'the EHR\'s JWKS: CDS Hooks calls must carry a JWT it signed (else loopback callers only)')
    .option('--cds-issuer <iss...>', 'accepted JWT issuers (with --cds-jwks)')
    .option('--public-url <url>', 'the url EHRs call this server at (a JWT\'s aud is <url>/cds-services/<id>; cards link the rules\' docs under it)')
    .action((flags: ServeFlags) =>
      run(async () => {
        const port = wholeNumber(flags.port, '--port', 65535);
        const bodyLimit = wholeNumber(flags.bodyLimit, '--body-limit', 64 * 1024 * 1024);
        const threads = wholeNumber(flags.threads, '--threads', 64, 1);
        const processes = wholeNumber(flags.processes, '--processes', 64, 1);
        const token = flags.token ?? (process.env.GUIDELINT_TOKEN || undefined);
        if (flags.cdsJwks && !flags.publicUrl) throw new UsageError('--cds-jwks needs --public-url: a CDS Hooks JWT\'s aud is <public url>/cds-services/<id>');
        if (flags.publicUrl && !/^https?:\/\/[^/]+/.test(flags.publicUrl)) throw new UsageError('--public-url takes an http(s) url, e.g. https://cds.example.org');
        const cds = { database: flags.cdsDb, jwks: flags.cdsJwks, issuers: flags.cdsIssuer, publicUrl: flags.publicUrl?.replace(/\/+$/, '') };
        const options = {
          host: flags.host,
          port,
          token,
          bodyLimit,
          threads,
          allowedHosts: flags.allowedHost.map((h) => h.trim().toLowerCase()),
          allowedOrigins: flags.allowedOrigin.map(origin),
          lintTimeout: wholeNumber(flags.lintTimeout, '--lint-timeout', 600_000, 1),
          requestTimeout: wholeNumber(flags.requestTimeout, '--request-timeout', 600_000, 1),
          maxConnections: wholeNumber(flags.maxConnections, '--max-connections', 100_000, 1),
          maxQueue: wholeNumber(flags.maxQueue, '--max-queue', 1_000_000),
          heapMb: wholeNumber(flags.maxHeap, '--max-heap', 65_536, 64),
          cds,
        };
        // loaded here so that the lint command never pays for fastify
        const { ServeRefused } = await import('../serve/listen.js');
        const { StartFailed } = await import('../serve/cluster.js');
        let started: { url: string; stop: () => Promise<void> };
        try {
          // even one server process runs under this one, which caps its heap and replaces it if it dies
          const { startCluster } = await import('../serve/cluster.js');
          started = await startCluster({ ...options, accessLog: flags.accessLog }, processes, (line) => process.stderr.write(line + '\n'));
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (e instanceof ServeRefused || e instanceof StartFailed || code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL') throw new UsageError((e as Error).message);
          throw e;
        }
        const details = [processes > 1 && `${processes} processes`, threads > 1 && `${threads} lint threads each`, token && 'bearer token required on /v1/*', flags.cdsJwks && 'CDS Hooks calls need the EHR\'s JWT'].filter(Boolean);
        process.stderr.write(`guidelint serve: listening on ${started.url}${details.length ? ` (${details.join(', ')})` : ''}\n`);
        await new Promise<void>((resolve) => {
          const stop = () => void started.stop().then(() => resolve());
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      }),
    );
}
