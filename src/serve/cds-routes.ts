// The CDS Hooks routes of `guidelint serve`: discovery, the hook calls, feedback, and the
// feedback counts by rule. A hook call lints the note as /v1/lint does (same linter) and answers
// cards; its errors are FHIR OperationOutcomes, as the spec asks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Linter, Place } from './lint-pool.js';
import { clientGone } from './client-gone.js';
import { HttpError } from '../errors.js';
import { CDS_SERVICES, findService, readHookRequest, readHookInput } from './cds-services.js';
import { CdsStore, readFeedback } from './cds-store.js';
import { cdsAuthorizer, type CdsAuthOptions } from './cds-auth.js';
import { isLoopback } from './address.js';
import { packageRoot } from '../beside.js';

export interface CdsOptions extends Partial<CdsAuthOptions> {
  /** the audit database for cards and feedback (default guidelint-cds.sqlite in the working folder) */
  database?: string;
  /** how long a read from the EHR's FHIR server may take (default 5000 ms) */
  fhirTimeoutMs?: number;
}

export const DEFAULT_CDS_DATABASE = 'guidelint-cds.sqlite';
/** Routes an EHR calls with a patient's data: JWT-verified when keys are configured, else loopback callers only. */
export const CDS_CALL_ROUTES = new Set(['/cds-services/:id', '/cds-services/:id/feedback']);
/** Open like /openapi.json: they describe the service, and hold no patient data. */
export const CDS_OPEN_ROUTES = ['/cds-services', '/README.md'];

/** The spec's error body: an OperationOutcome. */
export function operationOutcome(status: number, code: string, message: string) {
  const issueCode = status === 401 || status === 403 ? 'security' : status === 404 ? 'not-found' : status === 412 ? 'processing' : status >= 500 ? 'exception' : 'invalid';
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: issueCode, details: { text: message }, diagnostics: code }] };
}

/**
 * The gate of the CDS call routes, run before the server's own token check. Returns true when the
 * caller proved itself with the EHR's JWT (the static --token then does not apply).
 */
export function cdsGate(options: CdsOptions): (request: FastifyRequest) => Promise<boolean> {
  if (options.jwks && !options.publicUrl) throw new Error('CDS Hooks JWT verification needs the public url the EHR calls (a token\'s aud is <url>/cds-services/<id>)');
  const authorize = options.jwks ? cdsAuthorizer(options as CdsAuthOptions) : undefined;
  return async (request) => {
    if (authorize) {
      await authorize(request.headers.authorization, (request.params as { id: string }).id);
      return true;
    }
    if (!isLoopback(request.socket.remoteAddress ?? '')) {
      throw new HttpError(403, 'forbidden', 'CDS Hooks calls from another machine need the EHR\'s JWT: start serve with --cds-jwks and --public-url');
    }
    return false;
  };
}

const HOST = /^(?:[\w.-]+|\[[\d:a-f.]+\])(?::\d{1,5}|)$/i;

const media = (schema: object) => ({ content: { 'application/json': { schema } } });
const coding = { type: 'object', required: ['code'], properties: { system: { type: 'string' }, code: { type: 'string' }, display: { type: 'string' } } };
export const CDS_SCHEMAS = [
  {
    $id: 'OperationOutcome',
    type: 'object',
    required: ['resourceType', 'issue'],
    properties: { resourceType: { const: 'OperationOutcome' }, issue: { type: 'array', items: { type: 'object', required: ['severity', 'code'], properties: { severity: { type: 'string' }, code: { type: 'string' }, details: { type: 'object', properties: { text: { type: 'string' } } }, diagnostics: { type: 'string' } } } } },
  },
  {
    $id: 'CdsRequest',
    type: 'object',
    required: ['hook', 'hookInstance', 'context'],
    description: 'CDS Hooks 2.0 request; the note is prefetch.procedureNote (a DocumentReference with a base64 text/plain attachment, or a searchset Bundle of one) or read from fhirServer',
    properties: {
      hook: { type: 'string' },
      hookInstance: { type: 'string' },
      fhirServer: { type: 'string', pattern: '^https?://' },
      fhirAuthorization: { type: 'object', required: ['access_token', 'token_type'], properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' }, scope: { type: 'string' }, subject: { type: 'string' } } },
      context: { type: 'object' },
      prefetch: { type: 'object' },
    },
  },
  {
    $id: 'CdsCards',
    type: 'object',
    required: ['cards'],
    properties: {
      cards: {
        type: 'array',
        items: {
          type: 'object',
          required: ['summary', 'indicator', 'source'],
          properties: {
            uuid: { type: 'string' },
            summary: { type: 'string', maxLength: 139 },
            detail: { type: 'string', description: 'GitHub Flavored Markdown: the findings, the evidence quoted, the blank prompts' },
            indicator: { enum: ['info', 'warning', 'critical'] },
            source: { type: 'object', required: ['label'], properties: { label: { type: 'string' }, url: { type: 'string' }, topic: coding } },
            suggestions: { type: 'array', items: { type: 'object', required: ['label'], properties: { label: { type: 'string' }, uuid: { type: 'string' }, isRecommended: { type: 'boolean' }, actions: { type: 'array', items: { type: 'object', required: ['type'], properties: { type: { enum: ['create', 'update', 'delete'] }, description: { type: 'string' }, resource: { type: 'object' } } } } } } },
            selectionBehavior: { enum: ['at-most-one', 'any'] },
            overrideReasons: { type: 'array', items: coding },
          },
        },
      },
    },
  },
];

const cdsErrors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, { description: 'an OperationOutcome naming the problem', ...media({ $ref: 'OperationOutcome#' }) }]));

export interface CdsRouteDeps {
  linter: Linter;
  bodyLimit: number;
  /** the security requirement the server documents for locked routes */
  locked: object;
  /** the server's documented 401 for /v1/* */
  unauthorized: object;
}

/** Registers the CDS Hooks routes; the store closes with the app. */
export function registerCds(app: FastifyInstance, options: CdsOptions, { linter, bodyLimit, locked, unauthorized }: CdsRouteDeps): void {
  const store = new CdsStore(options.database ?? DEFAULT_CDS_DATABASE);
  app.addHook('onClose', async () => store.close());
  const fetchOptions = { timeoutMs: options.fhirTimeoutMs ?? 5000, maxBytes: bodyLimit };
  const docsBaseOf = (request: FastifyRequest) => `${options.publicUrl ?? `http://${HOST.test(request.host) ? request.host : 'localhost'}`}/`;
  const readme = readFileSync(join(packageRoot(), 'README.md'));

  app.get('/cds-services', {
    schema: {
      summary: 'CDS Hooks discovery: the services for order-sign, encounter-discharge and org.guidelint.procedure-note-sign',
      response: { 200: { description: 'the services', ...media({ type: 'object', required: ['services'], properties: { services: { type: 'array', items: { type: 'object', required: ['hook', 'description', 'id'], properties: { hook: { type: 'string' }, title: { type: 'string' }, description: { type: 'string' }, id: { type: 'string' }, prefetch: { type: 'object', additionalProperties: { type: 'string' } } } } } } }) } },
    },
  }, async () => ({ services: CDS_SERVICES }));

  app.get('/README.md', {
    schema: { summary: 'The README: the rules\' docs that cards link to (#rule-<id>)', response: { 200: { description: 'Markdown', content: { 'text/markdown': { schema: { type: 'string' } } } } } },
  }, async (_request, reply) => reply.type('text/markdown; charset=utf-8').header('cache-control', 'no-cache').send(readme));

  app.post('/cds-services/:id', {
    schema: {
      summary: 'Call a CDS service: lint the procedure note behind the hook and answer cards (none when the note is fine or guidance does not apply)',
      ...locked,
      body: media({ $ref: 'CdsRequest#' }),
      response: { 200: { description: 'CDS Hooks cards', ...media({ $ref: 'CdsCards#' }) }, ...cdsErrors(400, 401, 403, 404, 412, 413, 415, 422, 503) },
    },
  }, async (request, reply) => {
    const service = findService((request.params as { id: string }).id);
    const hook = readHookRequest(request.body, service);
    // a place in the lint queue is taken before the EHR's FHIR server is read, so a call the queue
    // refuses costs the EHR no read; a call that reads nothing takes it as it lints
    let place = undefined as Place | undefined;
    try {
      const input = await readHookInput(hook, service, fetchOptions, () => void (place = linter.reserve()));
      if (!input) return { cards: [] };
      const { note, document, guidanceOrders } = input;
      // the Communication as the EHR will create it: about this note, for this patient and encounter
      const { patientId, encounterId } = hook.context;
      const queryRefs = {
        ...(typeof patientId === 'string' ? { subject: { reference: `Patient/${patientId}` } } : {}),
        ...(typeof encounterId === 'string' ? { encounter: { reference: `Encounter/${encounterId}` } } : {}),
        ...(document.id ? { about: [{ reference: `DocumentReference/${document.id}` }] } : {}),
        ...(Array.isArray(document.author) && document.author[0]?.reference ? { recipient: [{ reference: document.author[0].reference }] } : {}),
      };
      const answer = await (place ?? linter).answer({ text: note.text, filename: note.source, claim: note.claim, hook: { docsBase: docsBaseOf(request), guidanceOrders, queryRefs } }, clientGone(request.raw.socket));
      store.recordCards(service.id, hook.hookInstance, answer.rows);
      return reply.type('application/json; charset=utf-8').send(answer.body);
    } finally {
      place?.release();
    }
  });

  app.post('/cds-services/:id/feedback', {
    schema: {
      summary: 'CDS Hooks feedback: accepted/overridden outcomes (with override reasons) stored in the audit database, for cards this service issued',
      ...locked,
      body: media({ type: 'object', required: ['feedback'], properties: { feedback: { type: 'array', items: { type: 'object', required: ['card', 'outcome', 'outcomeTimestamp'], properties: { card: { type: 'string' }, outcome: { enum: ['accepted', 'overridden'] }, acceptedSuggestions: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } }, overrideReason: { type: 'object', properties: { reason: coding, userComment: { type: 'string' } } }, outcomeTimestamp: { type: 'string' } } } } } }),
      response: {
        200: {
          description: 'how many items were stored, and each item that was not: its card was never issued by this server (unknown-card) or was issued by another service id (other-service)',
          ...media({ type: 'object', required: ['stored', 'rejected'], properties: { stored: { type: 'integer' }, rejected: { type: 'array', items: { type: 'object', required: ['index', 'card', 'reason'], properties: { index: { type: 'integer', description: 'the item\'s place in `feedback`' }, card: { type: 'string' }, reason: { enum: ['unknown-card', 'other-service'] } } } } } }),
        },
        ...cdsErrors(400, 401, 404),
      },
    },
  }, async (request) => {
    const service = findService((request.params as { id: string }).id);
    const items = readFeedback(request.body);
    // Judged item by item: the spec (CDS Hooks 2.0, Feedback) lets one POST carry outcomes for
    // several cards of several hook calls and defines no answer beyond success, so one stray card
    // must not cost the clinicians' other outcomes; the strays are named in a 200. A body that
    // breaks the spec's shape is still refused whole (400).
    const rejected = await store.recordFeedback(service.id, items);
    return { stored: items.length - rejected.length, rejected };
  });

  const ruleFeedback = { type: 'object', required: ['ruleId', 'cards', 'accepted', 'overridden', 'falseAlarms', 'reasons'], properties: { ruleId: { type: 'string' }, cards: { type: 'integer' }, accepted: { type: 'integer' }, overridden: { type: 'integer' }, falseAlarms: { type: 'integer', description: 'overridden as finding-incorrect' }, reasons: { type: 'array', items: { type: 'object', required: ['code', 'count'], properties: { code: { type: 'string' }, display: { type: ['string', 'null'] }, count: { type: 'integer' } } } } } };
  app.get('/v1/cds-feedback', {
    schema: {
      summary: 'CDS Hooks feedback by rule: cards issued, accepted, overridden, false alarms and override reasons, most overridden first',
      ...locked,
      response: { 200: { description: 'counts by rule', ...media({ type: 'object', required: ['rules'], properties: { rules: { type: 'array', items: ruleFeedback } } }) }, ...unauthorized },
    },
  }, async () => ({ rules: await store.feedbackByRule() }));
}
