import { isIP } from 'node:net';

/** True for addresses only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** An address that binds every interface: a Host header never names it. */
export function isWildcard(host: string): boolean {
  return ['0.0.0.0', '::', '[::]'].includes(host);
}

/** The name in a Host header ("name:port", "[::1]:port"), lower-cased, without the port; undefined when malformed. */
export function hostName(header: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5}|)$/i.exec(header.trim());
  return m ? m[1].toLowerCase().replace(/\.$/, '') : undefined;
}
