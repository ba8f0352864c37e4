import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerOptions } from './server.js';
import { isLoopback, isWildcard } from './address.js';

export interface ListenOptions extends ServerOptions {
  host: string;
  /** 0 picks a free port */
  port: number;
}

/** A serve configuration that must not start (a non-loopback address without a token). */
export class ServeRefused extends Error {}

export { isLoopback };

/** Refuses a non-loopback host without a bearer token. */
export function checkExposure(options: { host: string; token?: string }): void {
  if (!isLoopback(options.host) && !options.token) {
    throw new ServeRefused(`refusing to listen on ${options.host} without --token: notes carry patient data, so any address other than loopback needs bearer auth`);
  }
}

/** Starts listening; refuses a non-loopback host without a bearer token. */
export async function startServer(options: ListenOptions): Promise<{ app: FastifyInstance; url: string }> {
  checkExposure(options);
  // the address it was told to bind is a name its clients may use in Host
  const allowedHosts = [...(options.allowedHosts ?? []), ...(isWildcard(options.host) ? [] : [options.host])];
  const app = await buildServer({ ...options, allowedHosts });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = isIP(options.host) === 6 ? `[${options.host}]` : options.host;
  return { app, url: `http://${host}:${port}` };
}
