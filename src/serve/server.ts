// `guidelint serve`: the linter over HTTP (fastify) and the pre-sign check page.
// Nothing here logs note text: access logs carry the request id, route, size, status and duration.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { startLinter, type Linter } from './lint-pool.js';
import { compromise } from '../context/nlp.js';
import { lint } from '../lint.js';
import { grammars } from '../grammar/index.js';
import { rules } from '../rules/index.js';
import { validateConfig, ConfigError } from '../config.js';
import { parseClaim, ClaimError } from '../claim/parse.js';
import { InputError } from '../note/decode.js';
import { readClinicalInput, ClinicalInputError, INPUT_MODES, type InputMode } from '../adapters/index.js';
import type { LintResult } from '../types.js';
import { buildOpenApi } from './openapi.js';
import { loadWebAssets, packageVersion } from './assets.js';
import { loadQueryBuilder, type BuildQuery } from './query.js';

export interface ServerOptions {
  /** when set, /v1/* needs `Authorization: Bearer <token>` */
  token?: string;
  /** largest request body in bytes (default 1 MiB) */
  bodyLimit?: number;
  /** receives one JSON access-log line per request; false for none (default: stderr) */
  log?: ((line: string) => void) | false;
  /** the physician-query generator; null forces "not installed" (tests). Default: src/query if present */
  queryBuilder?: BuildQuery | null;
  /** worker threads that lint requests; 0 (the default) lints on the main thread */
  threads?: number;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A request the API refuses, with its status, stable code and the field or path at fault. */
export class HttpError extends Error {
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly where: { field?: string; path?: string } = {}) {
    super(message);
  }
}

const BODY_CLAIM = 'claim';
const JSON_FIELDS = new Set(['text', 'claim', 'config', 'filename', 'input']);
const CLINICAL_TYPES: Record<string, InputMode> = {
  'application/fhir+json': 'fhir',
  'x-application/hl7-v2+er7': 'hl7',
  'application/hl7-v2': 'hl7',
};
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

interface LintRequest {
  data: string;
  mode: InputMode;
  filename?: string;
  claim?: unknown;
  config?: unknown;
}

/** The request's note (or FHIR/HL7 document) and options, from a JSON or a raw body. */
function readLintRequest(request: FastifyRequest): LintRequest {
  const type = mediaType(request);
  const queryInput = (request.query as Record<string, unknown>).input;
  if (queryInput !== undefined && !INPUT_MODES.includes(queryInput as InputMode)) {
    throw new HttpError(400, 'invalid-request', `query parameter input must be one of ${INPUT_MODES.join(', ')}`, { field: 'input' });
  }
  if (type !== 'application/json') {
    const data = request.body;
    if (typeof data !== 'string' || data.trim() === '') throw new HttpError(400, 'invalid-request', 'the request body is empty: send the note text', { field: 'body' });
    return { data, mode: CLINICAL_TYPES[type] ?? (queryInput as InputMode | undefined) ?? 'text' };
  }
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'invalid-request', 'the JSON body must be an object like {"text": "…", "claim": {…}}', { field: 'body' });
  }
  const unknown = Object.keys(body).find((k) => !JSON_FIELDS.has(k));
  if (unknown === 'resourceType') throw new HttpError(400, 'invalid-request', 'this looks like a FHIR resource: send it with content-type application/fhir+json', { field: unknown });
  if (unknown) throw new HttpError(400, 'invalid-request', `unknown field "${unknown}" (expected ${[...JSON_FIELDS].join(', ')})`, { field: unknown });
  const { text, claim, config, filename, input } = body as Record<string, unknown>;
  if (typeof text !== 'string' || text.trim() === '') throw new HttpError(400, 'invalid-request', 'field "text" must be a non-empty string holding the note', { field: 'text' });
  if (filename !== undefined && typeof filename !== 'string') throw new HttpError(400, 'invalid-request', 'field "filename" must be a string', { field: 'filename' });
  if (input !== undefined && !INPUT_MODES.includes(input as InputMode)) {
    throw new HttpError(400, 'invalid-request', `field "input" must be one of ${INPUT_MODES.join(', ')}`, { field: 'input' });
  }
  return { data: text, mode: (input as InputMode | undefined) ?? 'text', filename, claim, config };
}

interface Linted {
  /** the contract's result (plus, for FHIR and HL7 bodies, what was read from them) as JSON text */
  json: string;
  text: string;
}

async function lintRequest(request: FastifyRequest, linter: Linter): Promise<Linted> {
  const req = readLintRequest(request);
  const clinical = readClinicalInput(req.data, req.filename ?? '<request>', req.mode);
  // validated here, so a bad claim or config is a 422 whichever thread lints
  const claim = req.claim !== undefined ? parseClaim(req.claim, BODY_CLAIM) : clinical.claim;
  const config = req.config !== undefined ? validateConfig(req.config, 'config') : undefined;
  const json = await linter.lint({ text: clinical.text, filename: clinical.source, claim, config });
  if (clinical.format === 'text') return { json, text: clinical.text };
  const { format, recordId, metadata, origins, warnings } = clinical;
  // the result object's last member: "input"
  const input = JSON.stringify({ format, ...(recordId ? { recordId } : {}), metadata, origins, warnings });
  return { json: `${json.slice(0, -1)},"input":${input}}`, text: clinical.text };
}

function errorBody(statusCode: number, error: string, message: string, where: { field?: string; path?: string } = {}) {
  return { statusCode, error, message, ...where };
}

/** Maps any thrown error to the API's JSON error; the note never reaches the log. */
function toHttpError(e: unknown, bodyLimit: number): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof ClaimError) {
    const field = e.source === BODY_CLAIM ? `claim${e.field === '/' ? '' : e.field}` : e.field;
    return new HttpError(422, 'invalid-claim', `claim field ${field} ${e.reason}`, { field });
  }
  if (e instanceof ConfigError) return new HttpError(422, 'invalid-config', e.message, { field: 'config' });
  if (e instanceof ClinicalInputError) {
    return e.path === '(json)'
      ? new HttpError(400, 'invalid-json', `the FHIR body is ${e.reason.replace(/^\(json\): /, '')}`, { path: e.path })
      : new HttpError(422, 'invalid-input', e.reason, { path: e.path });
  }
  if (e instanceof InputError) return new HttpError(422, 'invalid-input', e.reason);
  const fe = e as { code?: string; statusCode?: number; message?: string };
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError(413, 'body-too-large', `the request body is larger than the ${bodyLimit}-byte limit (guidelint serve --body-limit)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError(415, 'unsupported-media-type', `content type not accepted: send application/json, text/plain, application/fhir+json or x-application/hl7-v2+er7`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpError(400, 'invalid-json', 'the body is empty but content-type is application/json');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new HttpError(fe.statusCode, 'invalid-request', fe.message ?? 'bad request');
  return new HttpError(500, 'internal', 'internal error');
}

/** Builds the app (routes, parsers, auth, access log) without listening: tests use app.inject. */
export async function buildServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  // fastify loads only for `serve`, so plain `guidelint lint` starts fast
  const { default: Fastify } = await import('fastify');
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const log = options.log === undefined ? (line: string) => process.stderr.write(line + '\n') : options.log;
  const version = packageVersion();
  const openapi = buildOpenApi(version);
  const assets = loadWebAssets();
  const queryBuilder = options.queryBuilder === undefined ? loadQueryBuilder() : Promise.resolve(options.queryBuilder ?? undefined);

  lint('warm-up'); // loads and compiles the grammars now, not on the first request
  // linting here: the NLP library loads now too (lint workers load their own)
  if (!options.threads) compromise()('Warm up, please.').clauses();
  const linter = startLinter(options.threads ?? 0);

  const app = Fastify({ logger: false, bodyLimit, genReqId: requestId, requestIdHeader: false });

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if ((body as string).trim() === '') return done(new HttpError(400, 'invalid-json', 'the body is empty but content-type is application/json'), undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (e) {
      done(new HttpError(400, 'invalid-json', `the request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
  app.addContentTypeParser(Object.keys(CLINICAL_TYPES), { parseAs: 'string' }, (_req, body, done) => done(null, body));

  // Routes open without the token; everything else, matched or not, needs it. Decided on the
  // route the router matched, never on the raw URL (which may be percent-encoded: /%761/lint).
  const open = new Set(['/healthz', '/openapi.json', '/elements.json', ...assets.keys()]);
  app.addHook('onRequest', async (request, reply) => {
    // only origin-form targets: an absolute-form one (POST http://host/v1/lint) is for proxies
    if (!request.raw.url?.startsWith('/')) throw new HttpError(400, 'invalid-request', 'the request target must be a path (origin-form), not an absolute URL');
    if (!options.token || open.has(request.routeOptions.url ?? '')) return;
    const header = request.headers.authorization ?? '';
    const given = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!given || !sameToken(given, options.token)) {
      reply.header('www-authenticate', 'Bearer realm="guidelint"');
      throw new HttpError(401, 'unauthorized', given ? 'the bearer token is wrong' : 'this server needs Authorization: Bearer <token> (started with --token)');
    }
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    if (!open.has(request.routeOptions.url ?? '')) reply.header('cache-control', 'no-store'); // results describe a patient's note
  });
  if (log) {
    app.addHook('onResponse', async (request, reply) => {
      log(JSON.stringify({
        time: new Date().toISOString(),
        id: request.id,
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        bytes: Number(request.headers['content-length'] ?? 0),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      }));
    });
  }

  app.setErrorHandler((error, request, reply) => {
    const e = toHttpError(error, bodyLimit);
    if (e.code === 'internal' && log) {
      // only the stack's frames: a message might quote the note
      const stack = ((error as Error).stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
      log(JSON.stringify({ time: new Date().toISOString(), id: request.id, error: (error as Error).name, stack }));
    }
    const message = e.code === 'internal' ? `internal error (request id ${request.id})` : e.message;
    void reply.code(e.statusCode).type('application/json').send(errorBody(e.statusCode, e.code, message, e.where));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody(404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  });

  app.get('/healthz', async () => ({ status: 'ok', version }));
  app.get('/openapi.json', async () => openapi);
  // the documentation elements the page lists: the registry itself, not a copy
  const elements = grammars().elements.map(({ name, label, need, when, kind }) => ({ name, label, need, when, kind }));
  app.get('/elements.json', async () => elements);
  app.get('/v1/rules', async () => rules.map(({ id, kind, severity, docs, messages, url }) => ({ id, kind, severity, docs, messages, url })));
  app.post('/v1/lint', async (request, reply) => reply.type('application/json; charset=utf-8').send((await lintRequest(request, linter)).json));
  app.post('/v1/query', async (request) => {
    const buildQuery = await queryBuilder;
    if (!buildQuery) throw new HttpError(501, 'not-implemented', 'the physician-query generator (src/query) is not part of this build yet');
    const { json, text } = await lintRequest(request, linter);
    const result = JSON.parse(json) as LintResult;
    return { query: buildQuery(result, text) ?? null, result };
  });
  app.addHook('onClose', async () => linter.close());
  for (const [url, asset] of assets) {
    app.get(url, async (_request, reply) => {
      reply.type(asset.type).header('cache-control', 'no-cache');
      if (url === '/') reply.header('content-security-policy', PAGE_CSP).header('referrer-policy', 'no-referrer');
      return asset.body;
    });
  }
  return app;
}
