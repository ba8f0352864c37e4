import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { run } from './run.js';
import { UsageError } from '../errors.js';

interface ServeFlags {
  port: string;
  host: string;
  token?: string;
  bodyLimit: string;
  accessLog: boolean;
  threads: string;
  processes: string;
  cdsDb: string;
  cdsJwks?: string;
  cdsIssuer?: string[];
  publicUrl?: string;
}

function wholeNumber(value: string, flag: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) throw new UsageError(`${flag} takes a whole number from 0 to ${max}`);
  return n;
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
    .option('--processes <n>', 'server processes sharing the port (1: this process only)', String(availableParallelism()))
    .option('-j, --threads <n>', 'worker threads per process that lint requests (0: its main thread)', '0')
    .option('--cds-db <path>', 'CDS Hooks audit database: cards issued and the clinicians\' feedback', 'guidelint-cds.sqlite')
    .option('--cds-jwks <url|file>', 'the EHR\'s JWKS: CDS Hooks calls must carry a JWT it signed (else loopback callers only)')
    .option('--cds-issuer <iss...>', 'accepted JWT issuers (with --cds-jwks)')
    .option('--public-url <url>', 'the url EHRs call this server at (a JWT\'s aud is <url>/cds-services/<id>; cards link the rules\' docs under it)')
    .action((flags: ServeFlags) =>
      run(async () => {
        const port = wholeNumber(flags.port, '--port', 65535);
        const bodyLimit = wholeNumber(flags.bodyLimit, '--body-limit', 64 * 1024 * 1024);
        const threads = wholeNumber(flags.threads, '--threads', 64);
        const processes = Math.max(1, wholeNumber(flags.processes, '--processes', 64));
        const token = flags.token ?? (process.env.GUIDELINT_TOKEN || undefined);
        if (flags.cdsJwks && !flags.publicUrl) throw new UsageError('--cds-jwks needs --public-url: a CDS Hooks JWT\'s aud is <public url>/cds-services/<id>');
        if (flags.publicUrl && !/^https?:\/\/[^/]+/.test(flags.publicUrl)) throw new UsageError('--public-url takes an http(s) url, e.g. https://cds.example.org');
        const cds = { database: flags.cdsDb, jwks: flags.cdsJwks, issuers: flags.cdsIssuer, publicUrl: flags.publicUrl?.replace(/\/+$/, '') };
        const options = { host: flags.host, port, token, bodyLimit, threads, cds };
        // loaded here so that the lint command never pays for fastify
        const { ServeRefused } = await import('../serve/listen.js');
        const { StartFailed } = await import('../serve/cluster.js');
        let started: { url: string; stop: () => Promise<void> };
        try {
          if (processes > 1) {
            const { startCluster } = await import('../serve/cluster.js');
            started = await startCluster({ ...options, accessLog: flags.accessLog }, processes, (line) => process.stderr.write(line + '\n'));
          } else {
            const { startServer } = await import('../serve/listen.js');
            const { app, url } = await startServer({ ...options, log: flags.accessLog ? undefined : false });
            started = { url, stop: () => app.close() };
          }
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (e instanceof ServeRefused || e instanceof StartFailed || code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL') throw new UsageError((e as Error).message);
          throw e;
        }
        const details = [processes > 1 && `${processes} processes`, threads > 0 && `${threads} lint threads each`, token && 'bearer token required on /v1/*', flags.cdsJwks && 'CDS Hooks calls need the EHR\'s JWT'].filter(Boolean);
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
