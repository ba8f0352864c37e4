// `guidelint serve`: the linter over HTTP (fastify) and the pre-sign check page.
// Nothing here logs note text: access logs carry the request id, route, size, status and duration.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { startLinter, type Linter } from './lint-pool.js';
import { clientGone } from './client-gone.js';
import { DEFAULT_HEAP_MB, DEFAULT_LINT_TIMEOUT_MS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, THREAD_START_ALLOWANCE_MS } from './limits.js';
import { isLoopback, hostName } from './address.js';
import { compromise } from '../context/nlp.js';
import { lint } from '../lint.js';
import { grammars } from '../grammar/index.js';
import { grammarsDir } from '../grammar/load.js';
import { siteWords } from '../grammar/site-words.js';
import { rules } from '../rules/index.js';
import { validateConfig } from '../config.js';
import { parseClaim } from '../claim/parse.js';
import { readClinicalInput, INPUT_MODES, type InputMode } from '../adapters/index.js';
import { decodeNote } from '../note/decode.js';
import { describeError, HttpError, BODY_CLAIM, jsonSyntaxProblem, type Where } from '../errors.js';
import type { LintResult } from '../types.js';
import { buildQuery } from '../query/query.js';
import { loadWebAssets, packageVersion } from './assets.js';
import { registerCds, cdsGate, operationOutcome, CDS_CALL_ROUTES, CDS_OPEN_ROUTES, CDS_SCHEMAS, type CdsOptions } from './cds-routes.js';

export interface ServerOptions {
  /** when set, /v1/* needs `Authorization: Bearer <token>` */
  token?: string;
  /** largest request body in bytes (default 1 MiB) */
  bodyLimit?: number;
  /** receives one JSON access-log line per request; false for none (default: stderr) */
  log?: ((line: string) => void) | false;
  /** /v1/query's physician-query generator (tests stub it; CDS cards always use src/query). Default: src/query */
  queryBuilder?: typeof buildQuery;
  /** worker threads that lint requests; 0 (the default) lints on the main thread, with no time budget */
  threads?: number;
  /** names the Host header may carry besides loopback addresses (a DNS-rebinding page's name is refused) */
  allowedHosts?: string[];
  /** origins (http://name:port) whose pages may call the API; the server's own page needs none */
  allowedOrigins?: string[];
  /** one request's lint budget in ms (with threads ≥ 1): past it, the lint thread is stopped and the answer is 503 */
  lintTimeout?: number;
  /** the whole request, headers and body, must arrive within this many ms (a trickling client is cut off) */
  requestTimeout?: number;
  /** open connections this process accepts; more are closed at once */
  maxConnections?: number;
  /** heap of each lint thread in MB (and, under `serve`, of each server process) */
  heapMb?: number;
  /** requests that may wait for a lint thread (with threads ≥ 1); past it, 503 queue-full with Retry-After */
  maxQueue?: number;
  /** the CDS Hooks service: audit database, the EHR's JWKS, public url */
  cds?: CdsOptions;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

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

/** A host name as compared: lower case, an IPv6 address without its brackets. */
function bare(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '');
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
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

async function lintRequest(request: FastifyRequest, linter: Linter, bodyLimit: number): Promise<Linted> {
  const req = readLintRequest(request);
  // an attachment's decoded note counts against the body limit with the body that carried it
  const clinical = readClinicalInput(req.data, req.filename ?? '<request>', req.mode, { maxDecodedBytes: bodyLimit - Buffer.byteLength(req.data) });
  // validated here, so a bad claim or config is a 422 whichever thread lints
  const claim = req.claim !== undefined ? parseClaim(req.claim, BODY_CLAIM) : clinical.claim;
  const config = req.config !== undefined ? validateConfig(req.config, 'config') : undefined;
  const json = await linter.lint({ text: clinical.text, filename: clinical.source, claim, config }, clientGone(request.raw.socket));
  if (clinical.format === 'text') return { json, text: clinical.text };
  const { format, recordId, metadata, origins, warnings } = clinical;
  // the result object's last member: "input"
  const input = JSON.stringify({ format, ...(recordId ? { recordId } : {}), metadata, origins, warnings });
  return { json: `${json.slice(0, -1)},"input":${input}}`, text: clinical.text };
}

function errorBody(statusCode: number, error: string, message: string, where: Where = {}) {
  return { statusCode, error, message, ...where };
}

// Route schemas: /openapi.json is generated from them (@fastify/swagger). They document only:
// the compilers in buildServer neither validate nor serialize with them, so the hand checks
// above keep their error bodies. Shared ones are registered by $id and become components.
const media = (schema: object, type = 'application/json') => ({ content: { [type]: { schema } } });
// the contract's own JSON Schemas, referenced, so the document cannot drift from what lint() promises
const CONTRACT: Record<string, string> = { 'result.schema.json': 'LintResult', 'claim.schema.json': 'Claim' };
const contractSchema = (file: string): object => JSON.parse(readFileSync(join(grammarsDir(), 'schema', file), 'utf8'));
const SHARED = [
  {
    $id: 'Error',
    type: 'object',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer' },
      error: { type: 'string', description: 'a stable code: invalid-json, invalid-request, unauthorized, host-not-allowed, origin-not-allowed, not-found, method-not-allowed, lint-timeout, lint-out-of-memory, queue-full (with Retry-After), body-too-large, unsupported-media-type, invalid-claim, invalid-config, invalid-input, internal' },
      message: { type: 'string' },
      field: { type: 'string', description: 'the request or claim field at fault' },
      path: { type: 'string', description: 'the HL7 segment or FHIR resource path at fault' },
    },
  },
  {
    $id: 'LintRequest',
    type: 'object',
    required: ['text'],
    additionalProperties: false,
    properties: {
      text: { type: 'string', minLength: 1, description: 'the note; or a FHIR/HL7 document when `input` says so' },
      claim: { $ref: 'claim.schema.json#' },
      config: { type: 'object', additionalProperties: false, properties: { rules: { type: 'object', additionalProperties: { enum: ['off', 'info', 'warning', 'error'] } } } },
      filename: { type: 'string', description: 'reported as the result\'s source; a name ending in .md is read as Markdown' },
      input: { enum: [...INPUT_MODES], default: 'text' },
    },
  },
  {
    $id: 'LintResponse',
    allOf: [
      { $ref: 'result.schema.json#' },
      {
        type: 'object',
        properties: {
          input: {
            type: 'object',
            required: ['format', 'metadata', 'origins', 'warnings'],
            description: 'how a FHIR or HL7 input was read (absent for plain text)',
            properties: {
              format: { enum: ['text', 'fhir', 'hl7'] },
              recordId: { type: 'string' },
              metadata: { type: 'object', additionalProperties: { type: 'string' }, description: 'MSH/PID/TXA ids or FHIR resource ids' },
              origins: {
                type: 'array',
                description: 'which OBX segment or FHIR attachment each stretch of the narrative came from',
                items: { type: 'object', required: ['offset', 'endOffset', 'path'], properties: { offset: { type: 'integer' }, endOffset: { type: 'integer' }, path: { type: 'string' } } },
              },
              warnings: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    ],
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: 'malformed request: invalid JSON (the message names the problem), a missing or empty text, an unknown field',
  401: 'the server was started with --token and the request lacks `Authorization: Bearer <token>`',
  403: 'the Host header is not loopback nor a configured name (--allowed-host), or the request comes from a page on another origin (--allowed-origin)',
  413: 'the request body is larger than the server\'s limit (--body-limit)',
  415: 'a content type the endpoint does not read',
  422: 'a claim, config or clinical input that cannot be used: `field` names the claim/config field, `path` the HL7 segment or FHIR resource path',
  500: 'an internal error; the log has the request id',
  503: 'the lint took longer than the server\'s budget (--lint-timeout) or more memory than a lint thread has (--max-heap), and was stopped; or (`queue-full`, with `Retry-After`) more requests were waiting for a lint thread than --max-queue. The server goes on',
};
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: ERROR_TEXT[c], ...media({ $ref: 'Error#' }) }]));
// the bearer token is optional: needed only when the server was started with --token
const LOCKED = { security: [{ bearer: [] }, {}] as Record<string, string[]>[] };

/** /v1/lint and /v1/query read the same bodies and fail the same ways. */
const lintSchema = (summary: string, ok: object) => ({
  summary,
  ...LOCKED,
  querystring: {
    type: 'object',
    properties: { input: { enum: [...INPUT_MODES], description: 'how to read a text/plain body (a JSON body uses its own `input` field); auto detects FHIR JSON and HL7 v2' } },
  },
  body: {
    content: {
      'application/json': { schema: { $ref: 'LintRequest#' } },
      'text/plain': { schema: { type: 'string', description: 'the note itself (or, with ?input=fhir|hl7|auto, a FHIR or HL7 v2 document)' } },
      'application/fhir+json': { schema: { type: 'object', description: 'a FHIR R4 DocumentReference (base64 text/plain attachment) or a Bundle holding one and optionally a Claim' } },
      'x-application/hl7-v2+er7': { schema: { type: 'string', description: 'an HL7 v2 MDM^T02/T04 message; the narrative is read from TX/FT OBX segments' } },
      'application/hl7-v2': { schema: { type: 'string', description: 'same as x-application/hl7-v2+er7' } },
    },
  },
  response: { 200: ok, ...errors(400, 401, 403, 413, 415, 422, 500, 503) },
});

/** Builds the app (routes, parsers, auth, access log) without listening: tests use app.inject. */
export async function buildServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  // fastify loads only for `serve`, so plain `guidelint lint` starts fast
  const { default: Fastify } = await import('fastify');
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const log = options.log === undefined ? (line: string) => process.stderr.write(line + '\n') : options.log;
  const version = packageVersion();
  const assets = loadWebAssets();
  const queryBuilder = options.queryBuilder ?? buildQuery;

  lint('warm-up'); // loads and compiles the grammars now, not on the first request
  // linting here: the NLP library loads now too (lint workers load their own)
  if (!options.threads) compromise()('Warm up, please.').clauses();
  const lintTimeout = options.lintTimeout ?? DEFAULT_LINT_TIMEOUT_MS;
  const linter = startLinter({ threads: options.threads ?? 0, timeoutMs: lintTimeout, heapMb: options.heapMb ?? DEFAULT_HEAP_MB, maxQueue: options.maxQueue });
  await linter.ready();

  const requestTimeout = options.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    logger: false,
    bodyLimit,
    genReqId: requestId,
    requestIdHeader: false,
    // a client trickling its headers or body is cut off (408) once requestTimeout has passed;
    // node checks open requests every connectionsCheckingInterval
    requestTimeout,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // a socket silent for longer than a request may take in all (arrival, a wait for a lint
    // thread being replaced, the lint) is closed
    connectionTimeout: requestTimeout + lintTimeout + THREAD_START_ALLOWANCE_MS,
    http: { headersTimeout: Math.min(requestTimeout, 10_000), connectionsCheckingInterval: Math.min(1_000, requestTimeout) },
  });
  app.server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const methodsByPath = new Map<string, string[]>();
  app.addHook('onRoute', ({ url, method }) => {
    for (const m of [method].flat()) methodsByPath.set(url, [...(methodsByPath.get(url) ?? []), m]);
  });
  // route schemas document, they do not check: requests are read by hand (readLintRequest) and
  // replies are plain JSON.stringify, as without schemas
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const { default: swagger } = await import('@fastify/swagger');
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'guidelint',
        version,
        description: 'Checks a procedure note\'s documentation of imaging guidance (CPT 77001-77003, 76942, 77012, 77021) before it is signed or billed. Offsets in results are UTF-16 offsets into the note text, or into the narrative read from a FHIR attachment or from HL7 OBX segments (one line per OBX-5 repetition, joined by \\n).',
      },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'required when the server was started with --token' } } },
    },
    // components named by $id (LintResult, Claim, Error, …) rather than def-0, def-1
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => CONTRACT[String(json.$id)] ?? String(json.$id ?? `def-${i}`) },
  });
  for (const file of Object.keys(CONTRACT)) app.addSchema(contractSchema(file));
  for (const schema of [...SHARED, ...CDS_SCHEMAS]) app.addSchema(schema);

  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if ((body as string).trim() === '') return done(new HttpError(400, 'invalid-json', 'the body is empty but content-type is application/json'), undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (e) {
      done(new HttpError(400, 'invalid-json', `the request body is not valid JSON: ${jsonSyntaxProblem(e as Error)}`), undefined);
    }
  });
  // a raw note meets the CLI's input policy: invalid UTF-8 (with its byte offset), a NUL, UTF-16 with its BOM
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(['text/plain', ...Object.keys(CLINICAL_TYPES)], { parseAs: 'buffer' }, (_req, body: Buffer, done) => {
    try {
      done(null, body.length ? decodeNote(body, '<request>') : '');
    } catch (e) {
      done(e as Error, undefined);
    }
  });

  // Routes open without the token; everything else, matched or not, needs it. Decided on the
  // route the router matched, never on the raw URL (which may be percent-encoded: /%761/lint).
  const open = new Set(['/healthz', '/openapi.json', '/elements.json', '/sites.json', ...CDS_OPEN_ROUTES, ...assets.keys()]);
  const cdsCaller = cdsGate(options.cds ?? {});
  const allowedHosts = new Set((options.allowedHosts ?? []).map(bare));
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o) => o.toLowerCase().replace(/\/$/, '')));
  app.addHook('onRequest', async (request, reply) => {
    // only origin-form targets: an absolute-form one (POST http://host/v1/lint) is for proxies
    if (!request.raw.url?.startsWith('/')) throw new HttpError(400, 'invalid-request', 'the request target must be a path (origin-form), not an absolute URL');
    // DNS rebinding: a page on evil.example whose name now points here still sends Host: evil.example
    const hostHeader = request.headers.host ?? '';
    const host = hostName(hostHeader);
    if (!host) throw new HttpError(400, 'invalid-request', 'the Host header is missing or malformed', { field: 'host' });
    if (!isLoopback(host) && !allowedHosts.has(bare(host))) {
      throw new HttpError(403, 'host-not-allowed', 'the Host header names a host this server does not answer to (guidelint serve --allowed-host)', { field: 'host' });
    }
    // a page on another origin may send simple requests (text/plain POSTs) without asking: refuse them
    const origin = request.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${hostHeader.toLowerCase()}`) {
      if (!allowedOrigins.has(origin.toLowerCase())) {
        throw new HttpError(403, 'origin-not-allowed', 'requests from pages on another origin are refused (guidelint serve --allowed-origin)', { field: 'origin' });
      }
      reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        // a preflight carries no credentials: answered before the token is asked for
        return reply.code(204)
          .header('access-control-allow-methods', 'GET, POST')
          .header('access-control-allow-headers', 'authorization, content-type, x-request-id')
          .header('access-control-max-age', '600')
          .send();
      }
    }
    // an EHR's hook call: its own JWT when keys are configured, else a loopback caller and the token below
    if (CDS_CALL_ROUTES.has(request.routeOptions.url ?? '') && (await cdsCaller(request))) return;
    // an open path asked with a method it lacks matches no route: it gets its 405 without the token
    if (!options.token || open.has(request.routeOptions.url ?? decodedPath(request.url.split('?')[0]))) return;
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
    const e = describeError(error, { bodyLimit });
    if (e.code === 'internal' && log) {
      // only the stack's frames: a message might quote the note
      const stack = ((error as Error).stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
      log(JSON.stringify({ time: new Date().toISOString(), id: request.id, error: (error as Error).name, stack }));
    }
    const message = e.code === 'internal' ? `internal error (request id ${request.id})` : e.httpMessage;
    const cds = CDS_CALL_ROUTES.has(request.routeOptions.url ?? '');
    if (error instanceof HttpError) reply.headers(error.headers);
    void reply.code(e.status).type('application/json').send(cds ? operationOutcome(e.status, e.code, message) : errorBody(e.status, e.code, message, e.where));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = methodsByPath.get(path) ?? methodsByPath.get(decodedPath(path));
    if (allowed) {
      void reply.code(405).header('allow', allowed.join(', ')).send(errorBody(405, 'method-not-allowed', `${path} takes ${allowed.join(', ')}, not ${request.method}`));
      return;
    }
    void reply.code(404).send(errorBody(404, 'not-found', `no route ${request.method} ${path}`));
  });

  const healthSchema = {
    type: 'object',
    required: ['status', 'version', 'queueFull', 'queueAbandoned'],
    properties: {
      status: { const: 'ok' },
      version: { type: 'string' },
      queueFull: { type: 'integer', description: 'requests this server process refused with 503 queue-full since it started' },
      queueAbandoned: { type: 'integer', description: 'requests this server process dropped unlinted since it started, their client having closed the connection while they waited for a lint thread' },
    },
  };
  app.get('/healthz', { schema: { summary: 'Liveness', response: { 200: { description: 'up', ...media(healthSchema) } } } }, async () => ({ status: 'ok', version, queueFull: linter.queueFull, queueAbandoned: linter.queueAbandoned }));
  const documentSchema = { type: 'object', required: ['openapi', 'paths'] };
  app.get('/openapi.json', { schema: { summary: 'This document', response: { 200: { description: 'OpenAPI 3.1', ...media(documentSchema) } } } }, async () => app.swagger());
  // the documentation elements the page lists: the registry itself, not a copy
  const elements = grammars().elements.map(({ name, label, need, when, kind }) => ({ name, label, need, when, kind }));
  const elementSchema = {
    type: 'object',
    required: ['name', 'label', 'need', 'when', 'kind'],
    properties: { name: { type: 'string' }, label: { type: 'string' }, need: { enum: ['required', 'recommended'] }, when: { type: 'string' }, kind: { enum: ['phrase', 'section', 'duration'] } },
  };
  app.get('/elements.json', {
    schema: { summary: 'The documentation elements (grammars/elements/): name, label, need, when, kind, in result order', response: { 200: { description: 'the element registry', ...media({ type: 'array', items: elementSchema }) } } },
  }, async () => elements);
  // the sites' regions in words, as the audit digest and the claim messages write them: the page shows a site as words, not a slug
  const sites = [...new Set(grammars().sites.entries.map((e) => e.region))].map((region) => ({ region, words: siteWords(region) }));
  app.get('/sites.json', {
    schema: { summary: 'The anatomic sites (grammars/sites.yaml): each region slug a result names, and the words it is shown in', response: { 200: { description: 'the site regions', ...media({ type: 'array', items: { type: 'object', required: ['region', 'words'], properties: { region: { type: 'string' }, words: { type: 'string' } } } }) } } },
  }, async () => sites);
  const ruleSchema = {
    type: 'object',
    required: ['id', 'kind', 'severity', 'docs', 'messages', 'url'],
    properties: {
      id: { type: 'string' },
      messages: { type: 'object', additionalProperties: { type: 'string' }, description: 'message texts by messageId; {{name}} where a value is put in' },
      url: { type: 'string', description: 'the rule\'s docs: its section in the README (README.md#rule-<id>)' },
      kind: { enum: ['documentation', 'claim'] },
      severity: { enum: ['error', 'warning', 'info'] },
      docs: { type: 'object', required: ['what', 'why', 'fix', 'sources'], properties: { what: { type: 'string' }, why: { type: 'string' }, fix: { type: 'string' }, sources: { type: 'array', items: { type: 'string' } } } },
    },
  };
  app.get('/v1/rules', {
    schema: { summary: 'Every rule: id, kind, default severity, documentation, message texts by id and docs url', ...LOCKED, response: { 200: { description: 'the rules', ...media({ type: 'array', items: ruleSchema }) }, ...errors(401) } },
  }, async () => rules.map(({ id, kind, severity, docs, messages, url }) => ({ id, kind, severity, docs, messages, url })));
  app.post('/v1/lint', {
    schema: lintSchema('Lint one note (plain text, FHIR or HL7 v2), optionally with a claim', { description: 'the contract\'s result', ...media({ $ref: 'LintResponse#' }) }),
  }, async (request, reply) => reply.type('application/json; charset=utf-8').send((await lintRequest(request, linter, bodyLimit)).json));
  const querySchema = {
    type: 'object',
    required: ['query', 'result'],
    properties: {
      query: {
        oneOf: [
          { type: 'null', description: 'no query is needed: the claim action is not `query`' },
          { type: 'object', required: ['text', 'markdown', 'fhir'], properties: { text: { type: 'string' }, markdown: { type: 'string' }, fhir: { type: 'object' } } },
        ],
      },
      result: { $ref: 'LintResponse#' },
    },
  };
  app.post('/v1/query', {
    schema: lintSchema('Lint a note and draft the compliant, non-leading physician query when one is needed', { description: 'the query (null when none is needed) and the lint result', ...media(querySchema) }),
  }, async (request) => {
    const { json, text } = await lintRequest(request, linter, bodyLimit);
    const result = JSON.parse(json) as LintResult;
    return { query: queryBuilder(result, text) ?? null, result };
  });
  registerCds(app, options.cds ?? {}, { linter, bodyLimit, locked: LOCKED, unauthorized: errors(401) });
  app.addHook('onClose', async () => linter.close());
  const SUMMARY: Record<string, string> = { '/': 'The pre-sign check page', '/app.js': 'The page\'s script', '/style.css': 'The page\'s styles' };
  for (const [url, asset] of assets) {
    const type = asset.type.split(';')[0];
    app.get(url, { schema: { summary: SUMMARY[url], response: { 200: { description: type, ...media({ type: 'string' }, type) } } } }, async (_request, reply) => {
      reply.type(asset.type).header('cache-control', 'no-cache');
      if (url === '/') reply.header('content-security-policy', PAGE_CSP).header('referrer-policy', 'no-referrer');
      return asset.body;
    });
  }
  return app;
}
