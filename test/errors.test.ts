// One description of each error serves both front ends: the CLI's exit code and message, the API's
// status, code and message.
import { describe, it, expect } from 'vitest';
import { describeError, UsageError, HttpError, BODY_CLAIM } from '../src/errors.js';
import { ClaimError } from '../src/claim/parse.js';
import { ConfigError } from '../src/config.js';
import { InputError } from '../src/note/decode.js';
import { ClinicalInputError } from '../src/adapters/index.js';
import { GrammarError } from '../src/grammar/load.js';

const brief = (e: unknown) => {
  const d = describeError(e, { bodyLimit: 10 });
  return [d.exitCode, d.message, d.status, d.code, d.httpMessage, d.where];
};

describe('describeError', () => {
  it('names the file to the CLI and the field or path to the API', () => {
    expect(brief(new ClaimError('a.claim.json', '/lines/0/code', 'must match'))).toEqual([2, 'a.claim.json: claim field /lines/0/code must match', 422, 'invalid-claim', 'claim field /lines/0/code must match', { field: '/lines/0/code' }]);
    expect(brief(new ClaimError(BODY_CLAIM, '/lines', 'is missing'))).toEqual([2, 'claim: claim field /lines is missing', 422, 'invalid-claim', 'claim field claim/lines is missing', { field: 'claim/lines' }]);
    expect(brief(new ConfigError('c.yaml: unknown key "x"'))).toEqual([2, 'c.yaml: unknown key "x"', 422, 'invalid-config', 'c.yaml: unknown key "x"', { field: 'config' }]);
    expect(brief(new InputError('n.txt', 'empty file'))).toEqual([2, 'n.txt: empty file', 422, 'invalid-input', 'empty file', {}]);
    expect(brief(new ClinicalInputError('m.hl7', 'OBX', 'no narrative'))).toEqual([2, 'm.hl7: OBX: no narrative', 422, 'invalid-input', 'OBX: no narrative', { path: 'OBX' }]);
    expect(brief(new ClinicalInputError('<request>', '(json)', 'not JSON'))).toEqual([2, '<request>: (json): not JSON', 400, 'invalid-json', 'the FHIR body is not JSON', { path: '(json)' }]);
    expect(brief(new HttpError(401, 'unauthorized', 'the bearer token is wrong'))).toEqual([2, 'the bearer token is wrong', 401, 'unauthorized', 'the bearer token is wrong', {}]);
  });

  it('tells the CLI user of a usage or grammar mistake; to an API caller it is internal', () => {
    expect(brief(new UsageError('--threads takes a whole number'))).toEqual([2, '--threads takes a whole number', 500, 'internal', 'internal error', {}]);
    expect(brief(new GrammarError('sites.yaml: bad'))).toEqual([2, 'sites.yaml: bad', 500, 'internal', 'internal error', {}]);
  });

  it("maps fastify's refusals and gives anything else its stack on the CLI, 500 on the API", () => {
    expect(brief(Object.assign(new Error('too large'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).slice(2, 5)).toEqual([413, 'body-too-large', 'the request body is larger than the 10-byte limit (guidelint serve --body-limit)']);
    expect(brief(Object.assign(new Error('bad header'), { statusCode: 400 })).slice(2, 5)).toEqual([400, 'invalid-request', 'bad header']);
    const bug = describeError(new TypeError('x is undefined'));
    expect(bug.message).toMatch(/^internal error: TypeError: x is undefined\n\s+at /);
    expect([bug.exitCode, bug.status, bug.code, bug.httpMessage]).toEqual([2, 500, 'internal', 'internal error']);
  });
});
