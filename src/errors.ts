// Every error a caller can cause, and what each front end makes of it: the CLI's exit code and
// message, the API's HTTP status, stable code and message. cli/run.ts and serve/server.ts both ask
// describeError(), so the two cannot drift apart.
import { GrammarError } from './grammar/load.js';
import { InputError } from './note/decode.js';
import { ClaimError } from './claim/parse.js';
import { ConfigError } from './config.js';
import { ClinicalInputError } from './adapters/types.js';

/** A mistake in how the command was called: exit 2 with the message. */
export class UsageError extends Error {}

/** The field or path of the request at fault. */
export interface Where {
  field?: string;
  path?: string;
}

/** A request the API refuses, with its status, stable code and the field or path at fault. */
export class HttpError extends Error {
  /** `headers`: sent with the error's answer (Retry-After) */
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly where: Where = {}, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** The source a request body's "claim" field is parsed as: its errors then name the field claim/… */
export const BODY_CLAIM = 'claim';

export interface ErrorDescription {
  /** the CLI's exit code */
  exitCode: number;
  /** the CLI's message: names the file or source at fault (an unplanned error: its stack) */
  message: string;
  /** the API's status and stable code; an 'internal' one is logged, and its message never sent */
  status: number;
  code: string;
  /** the API's message: the request is the source, so it names only the field or path */
  httpMessage: string;
  where: Where;
}

/** What any thrown error means to the CLI and to the API; `bodyLimit` is the server's, for its message. */
export function describeError(e: unknown, { bodyLimit }: { bodyLimit?: number } = {}): ErrorDescription {
  const described = (status: number, code: string, httpMessage: string, where: Where = {}): ErrorDescription => ({
    exitCode: 2,
    message: (e as Error).message,
    status,
    code,
    httpMessage,
    where,
  });
  if (e instanceof HttpError) return described(e.statusCode, e.code, e.message, e.where);
  if (e instanceof ClaimError) {
    const field = e.source === BODY_CLAIM ? `claim${e.field === '/' ? '' : e.field}` : e.field;
    return described(422, 'invalid-claim', `claim field ${field} ${e.reason}`, { field });
  }
  if (e instanceof ConfigError) return described(422, 'invalid-config', e.message, { field: 'config' });
  if (e instanceof ClinicalInputError) {
    return e.path === '(json)'
      ? described(400, 'invalid-json', `the FHIR body is ${e.reason.replace(/^\(json\): /, '')}`, { path: e.path })
      : described(422, 'invalid-input', e.reason, { path: e.path });
  }
  if (e instanceof InputError) {
    return e.problem === 'too-large' ? described(413, 'note-too-large', e.reason) : described(422, 'invalid-input', e.reason);
  }
  // the operator's to fix, so the CLI names it; to an API caller it is the server's fault
  if (e instanceof UsageError || e instanceof GrammarError) return described(500, 'internal', 'internal error');
  // fastify's own refusals of a request
  const fe = (e ?? {}) as { code?: string; statusCode?: number; message?: string };
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return described(413, 'body-too-large', `the request body is larger than the ${bodyLimit}-byte limit (guidelint serve --body-limit)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return described(415, 'unsupported-media-type', `content type not accepted: send application/json, text/plain, application/fhir+json or x-application/hl7-v2+er7`);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return described(400, 'invalid-json', 'the body is empty but content-type is application/json');
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return described(fe.statusCode, 'invalid-request', fe.message ?? 'bad request');
  return { exitCode: 2, message: `internal error: ${(e as Error | undefined)?.stack ?? e}`, status: 500, code: 'internal', httpMessage: 'internal error', where: {} };
}

/**
 * JSON.parse's complaint without the stretch of input it quotes (V8 quotes up to a few dozen
 * characters of the body, which may be note text): what went wrong and where.
 */
export function jsonSyntaxProblem(e: Error): string {
  const where = /at position \d+ \(line \d+ column \d+\)|at position \d+/.exec(e.message)?.[0];
  const what = /^(?:Unexpected end of JSON input|Unexpected token|Unterminated string|Bad control character|Bad escaped character|Unexpected non-whitespace character after JSON|Expected [^"'\n]*?(?= in JSON| at position|,|$))/.exec(e.message)?.[0] ?? 'a syntax error';
  return where ? `${what} ${where}` : what;
}
