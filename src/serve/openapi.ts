// The OpenAPI 3.1 document served at /openapi.json. The result and claim schemas are the
// contract's own (grammars/schema), so the document cannot drift from what lint() promises;
// test/serve-openapi.test.ts checks every route and every response against it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarsDir } from '../grammar/load.js';
import { INPUT_MODES } from '../adapters/types.js';

type Schema = Record<string, unknown>;

/** Moves a contract schema's $defs into components and points its $refs there. */
function contractSchema(file: string, defs: Record<string, string>): { schema: Schema; extra: Record<string, Schema> } {
  const raw = JSON.parse(readFileSync(join(grammarsDir(), 'schema', file), 'utf8')) as Schema;
  const text = JSON.stringify(raw).replace(/"#\/\$defs\/(\w+)"/g, (_, name: string) => JSON.stringify(`#/components/schemas/${defs[name] ?? name}`));
  const { $schema: _s, $id: _i, $defs, ...schema } = JSON.parse(text) as Schema & { $defs?: Record<string, Schema> };
  const extra = Object.fromEntries(Object.entries($defs ?? {}).map(([k, v]) => [defs[k] ?? k, v]));
  return { schema, extra };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: json(ref('Error')) }]));

const ERROR_TEXT: Record<number, string> = {
  400: 'malformed request: invalid JSON (the message names the problem), a missing or empty text, an unknown field',
  401: 'the server was started with --token and the request lacks `Authorization: Bearer <token>`',
  413: 'the request body is larger than the server\'s limit (--body-limit)',
  415: 'a content type the endpoint does not read',
  422: 'a claim, config or clinical input that cannot be used: `field` names the claim/config field, `path` the HL7 segment or FHIR resource path',
  500: 'an internal error; the log has the request id',
  501: 'the physician-query generator is not installed in this build',
};

const LINT_BODY = {
  required: true,
  content: {
    'application/json': { schema: ref('LintRequest') },
    'text/plain': { schema: { type: 'string', description: 'the note itself (or, with ?input=fhir|hl7|auto, a FHIR or HL7 v2 document)' } },
    'application/fhir+json': { schema: { type: 'object', description: 'a FHIR R4 DocumentReference (base64 text/plain attachment) or a Bundle holding one and optionally a Claim' } },
    'x-application/hl7-v2+er7': { schema: { type: 'string', description: 'an HL7 v2 MDM^T02/T04 message; the narrative is read from TX/FT OBX segments' } },
    'application/hl7-v2': { schema: { type: 'string', description: 'same as x-application/hl7-v2+er7' } },
  },
};

const INPUT_PARAM = {
  name: 'input',
  in: 'query',
  required: false,
  description: 'how to read a text/plain body (a JSON body uses its own `input` field); auto detects FHIR JSON and HL7 v2',
  schema: { enum: [...INPUT_MODES] },
};

export function buildOpenApi(version: string): Schema {
  const result = contractSchema('result.schema.json', { span: 'Span', element: 'Element' });
  const claim = contractSchema('claim.schema.json', {});
  return {
    openapi: '3.1.0',
    info: {
      title: 'guidelint',
      version,
      description: 'Checks a procedure note\'s documentation of imaging guidance (CPT 77001-77003, 76942, 77012, 77021) before it is signed or billed. Offsets in results are UTF-16 offsets into the note text, or into the narrative read from a FHIR attachment or from HL7 OBX segments (one line per OBX-5 repetition, joined by \\n).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'required when the server was started with --token' } },
      schemas: {
        LintResult: result.schema,
        ...result.extra,
        Claim: claim.schema,
        Config: {
          type: 'object',
          additionalProperties: false,
          properties: { rules: { type: 'object', additionalProperties: { enum: ['off', 'info', 'warning', 'error'] } } },
        },
        LintRequest: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: {
            text: { type: 'string', minLength: 1, description: 'the note; or a FHIR/HL7 document when `input` says so' },
            claim: ref('Claim'),
            config: ref('Config'),
            filename: { type: 'string', description: 'reported as the result\'s source; a name ending in .md is read as Markdown' },
            input: { enum: [...INPUT_MODES], default: 'text' },
          },
        },
        ClinicalInput: {
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
        LintResponse: {
          allOf: [ref('LintResult'), { type: 'object', properties: { input: ref('ClinicalInput') } }],
        },
        QueryResponse: {
          type: 'object',
          required: ['query', 'result'],
          properties: {
            query: {
              oneOf: [
                { type: 'null', description: 'no query is needed: the claim action is not `query`' },
                { type: 'object', required: ['text', 'markdown', 'fhir'], properties: { text: { type: 'string' }, markdown: { type: 'string' }, fhir: { type: 'object' } } },
              ],
            },
            result: ref('LintResponse'),
          },
        },
        Rule: {
          type: 'object',
          required: ['id', 'kind', 'severity', 'docs', 'messages', 'url'],
          properties: {
            id: { type: 'string' },
            kind: { enum: ['documentation', 'claim'] },
            severity: { enum: ['error', 'warning', 'info'] },
            docs: {
              type: 'object',
              required: ['what', 'why', 'fix', 'sources'],
              properties: { what: { type: 'string' }, why: { type: 'string' }, fix: { type: 'string' }, sources: { type: 'array', items: { type: 'string' } } },
            },
            messages: { type: 'object', additionalProperties: { type: 'string' }, description: 'message texts by messageId; {{name}} where a value is put in' },
            url: { type: 'string', description: 'the rule\'s docs: its section in the README (README.md#rule-<id>)' },
          },
        },
        Health: { type: 'object', required: ['status', 'version'], properties: { status: { const: 'ok' }, version: { type: 'string' } } },
        Error: {
          type: 'object',
          required: ['statusCode', 'error', 'message'],
          properties: {
            statusCode: { type: 'integer' },
            error: { type: 'string', description: 'a stable code: invalid-json, invalid-request, unauthorized, not-found, body-too-large, unsupported-media-type, invalid-claim, invalid-config, invalid-input, not-implemented, internal' },
            message: { type: 'string' },
            field: { type: 'string', description: 'the request or claim field at fault' },
            path: { type: 'string', description: 'the HL7 segment or FHIR resource path at fault' },
          },
        },
      },
    },
    paths: {
      '/v1/lint': {
        post: {
          summary: 'Lint one note (plain text, FHIR or HL7 v2), optionally with a claim',
          security: [{ bearer: [] }, {}],
          parameters: [INPUT_PARAM],
          requestBody: LINT_BODY,
          responses: { '200': { description: 'the contract\'s result', content: json(ref('LintResponse')) }, ...errors(400, 401, 413, 415, 422, 500) },
        },
      },
      '/v1/query': {
        post: {
          summary: 'Lint a note and draft the compliant, non-leading physician query when one is needed',
          security: [{ bearer: [] }, {}],
          parameters: [INPUT_PARAM],
          requestBody: LINT_BODY,
          responses: { '200': { description: 'the query (null when none is needed) and the lint result', content: json(ref('QueryResponse')) }, ...errors(400, 401, 413, 415, 422, 500, 501) },
        },
      },
      '/v1/rules': {
        get: {
          summary: 'Every rule: id, kind, default severity, documentation, message texts by id and docs url',
          security: [{ bearer: [] }, {}],
          responses: { '200': { description: 'the rules', content: json({ type: 'array', items: ref('Rule') }) }, ...errors(401) },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'up', content: json(ref('Health')) } } } },
      '/elements.json': { get: { summary: 'The documentation elements (grammars/elements/): name, label, need, when, kind, in result order', responses: { '200': { description: 'the element registry', content: json({ type: 'array', items: { type: 'object', required: ['name', 'label', 'need', 'when', 'kind'], properties: { name: { type: 'string' }, label: { type: 'string' }, need: { enum: ['required', 'recommended'] }, when: { type: 'string' }, kind: { enum: ['phrase', 'section', 'duration'] } } } }) } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object', required: ['openapi', 'paths'] }) } } } },
      '/': { get: { summary: 'The pre-sign check page', responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } } },
      '/app.js': { get: { summary: 'The page\'s script', responses: { '200': { description: 'JavaScript', content: { 'text/javascript': { schema: { type: 'string' } } } } } } },
      '/style.css': { get: { summary: 'The page\'s styles', responses: { '200': { description: 'CSS', content: { 'text/css': { schema: { type: 'string' } } } } } } },
    },
  };
}
