// Trusting CDS Clients (CDS Hooks 2.0): the EHR signs a short-lived JWT per call, its `aud` the
// service's url; we verify it against the EHR's published keys (a JWKS url or file) with `jose`.
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose';
import { HttpError } from '../errors.js';

export interface CdsAuthOptions {
  /** the EHR's keys: an http(s) JWKS url, or a JWKS JSON file */
  jwks: string;
  /** accepted `iss` values; any issuer whose key is in the JWKS when empty */
  issuers?: string[];
  /** this server's public base url (https://cds.example.org): a token's `aud` is `<publicUrl>/cds-services/<id>` */
  publicUrl: string;
}

// asymmetric only: the spec names ES384 and RS384; no shared-secret or "none" tokens
const ALGORITHMS = ['ES384', 'RS384', 'ES256', 'RS256', 'ES512', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'];

/** Checks an Authorization header for a CDS service; throws a 401 naming what is wrong. */
export type CdsAuthorizer = (authorization: string | undefined, serviceId: string) => Promise<void>;

export function cdsAuthorizer({ jwks, issuers, publicUrl }: CdsAuthOptions): CdsAuthorizer {
  const keys = /^https?:\/\//i.test(jwks)
    ? createRemoteJWKSet(new URL(jwks), { timeoutDuration: 5000 })
    : createLocalJWKSet(JSON.parse(readFileSync(jwks, 'utf8')) as JSONWebKeySet);
  const base = publicUrl.replace(/\/+$/, '');
  // jti → expiry (ms): a token is good for one call (per serve process; expired ones are dropped)
  const used = new Map<string, number>();
  const remember = (jti: string, exp: number) => {
    if (used.size > 1000) for (const [id, until] of used) if (until < Date.now()) used.delete(id);
    used.set(jti, exp * 1000);
  };
  return async (authorization, serviceId) => {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new HttpError(401, 'unauthorized', 'this CDS service needs Authorization: Bearer <JWT signed by the EHR>');
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        audience: `${base}/cds-services/${serviceId}`,
        ...(issuers?.length ? { issuer: issuers } : {}),
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        // the spec: a token lives at most five minutes
        maxTokenAge: '5 minutes',
      }));
    } catch (e) {
      // jose's messages name the failed check (signature, "aud" claim, expiry), never the token
      const reason = e instanceof errors.JOSEError ? e.message : 'the keys could not be read';
      throw new HttpError(401, 'unauthorized', `the EHR's JWT was refused: ${reason}`);
    }
    if (used.has(payload.jti!)) throw new HttpError(401, 'unauthorized', 'the EHR\'s JWT was refused: its "jti" was already used (a token is good for one call)');
    remember(payload.jti!, payload.exp!);
  };
}
