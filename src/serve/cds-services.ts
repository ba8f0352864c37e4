// The CDS Hooks services (HL7 CDS Hooks 2.0): what discovery lists, and how a hook call is read
// into a note and a claim — from the prefetch the EHR sent or, without it, from the EHR's own
// FHIR server with the bearer token the call carries (the only outbound request guidelint makes).
import { readFhirResource, type ClinicalInput } from '../adapters/index.js';
import { parseClaim } from '../claim/parse.js';
import { isGuidanceCode, GUIDANCE_CODES } from '../claim/codes.js';
import { HttpError } from '../errors.js';
import type { Claim } from '../types.js';

type Json = Record<string, any>;

/** A service as discovery describes it. */
export interface CdsService {
  hook: string;
  title: string;
  description: string;
  id: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
}

/** Our own hook, in the spec's reverse-domain form, for EHRs that fire one when a note is signed. */
export const NOTE_SIGN_HOOK = 'org.guidelint.procedure-note-sign';

// LOINC 28570-0 "Procedure note": the note behind a guidance charge
const PROCEDURE_NOTE = 'DocumentReference?patient={{context.patientId}}&encounter={{context.encounterId}}&type=http://loinc.org|28570-0&_sort=-date&_count=1';
const DRAFT_CLAIM = 'Claim?patient={{context.patientId}}&encounter={{context.encounterId}}&status=draft&_count=1';

export const CDS_SERVICES: CdsService[] = [
  {
    hook: 'order-sign',
    title: 'Imaging guidance: is it documented?',
    id: 'guidelint-order-sign',
    description: `When a draft order or charge for imaging guidance (CPT ${GUIDANCE_CODES.join(', ')}) is signed, checks that the procedure note documents the guidance: technique, saved images, interpretation, needle confirmation and, for fluoroscopy, its time.`,
    prefetch: { procedureNote: PROCEDURE_NOTE, draftClaim: DRAFT_CLAIM },
  },
  {
    hook: 'encounter-discharge',
    title: 'Imaging guidance documentation before discharge',
    id: 'guidelint-encounter-discharge',
    description: 'Ensures the documentation a guided needle procedure needs is present in the procedure note before the patient is discharged.',
    prefetch: { procedureNote: PROCEDURE_NOTE, draftClaim: DRAFT_CLAIM },
  },
  {
    hook: NOTE_SIGN_HOOK,
    title: 'Imaging guidance check when a procedure note is signed',
    id: 'guidelint-note-sign',
    description: 'Checks a procedure note for the documentation behind an imaging-guidance code as it is signed. Context: patientId, encounterId (optional), documentId (the DocumentReference being signed).',
    prefetch: { procedureNote: 'DocumentReference/{{context.documentId}}', draftClaim: DRAFT_CLAIM },
  },
];

export function findService(id: string): CdsService {
  const service = CDS_SERVICES.find((s) => s.id === id);
  if (!service) throw new HttpError(404, 'not-found', `no CDS service "${id}" (GET /cds-services lists them)`, { field: 'id' });
  return service;
}

/** A hook call's fields (CDS Hooks 2.0 "Calling a CDS Service"), checked. */
export interface HookRequest {
  hook: string;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: { access_token: string; token_type: string };
  context: Json;
  prefetch?: Json;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (field: string, reason: string) => new HttpError(400, 'invalid-request', `field "${field}" ${reason}`, { field });

export function readHookRequest(body: unknown, service: CdsService): HookRequest {
  if (!isObject(body)) throw new HttpError(400, 'invalid-request', 'the body must be a CDS Hooks request object {hook, hookInstance, context, …}', { field: 'body' });
  const { hook, hookInstance, fhirServer, fhirAuthorization, context, prefetch } = body;
  if (hook !== service.hook) throw bad('hook', `must be "${service.hook}" for service ${service.id}`);
  if (typeof hookInstance !== 'string' || hookInstance === '') throw bad('hookInstance', 'must be a non-empty string');
  if (!isObject(context)) throw bad('context', 'must be an object');
  if (prefetch !== undefined && !isObject(prefetch)) throw bad('prefetch', 'must be an object');
  if (fhirServer !== undefined && (typeof fhirServer !== 'string' || !/^https?:\/\/[^/]/i.test(fhirServer))) throw bad('fhirServer', 'must be an http(s) URL');
  if (fhirAuthorization !== undefined) {
    if (!isObject(fhirAuthorization) || typeof fhirAuthorization.access_token !== 'string' || !/^bearer$/i.test(String(fhirAuthorization.token_type))) {
      throw bad('fhirAuthorization', 'must hold access_token and token_type "Bearer"');
    }
    if (fhirServer === undefined) throw bad('fhirServer', 'is required with fhirAuthorization');
  }
  return { hook, hookInstance, fhirServer, fhirAuthorization, context, prefetch } as HookRequest;
}

/** A prefetch template with its {{context.x}} tokens filled; undefined when the context lacks one. */
export function fillTemplate(template: string, context: Json): string | undefined {
  let missing = false;
  const url = template.replace(/\{\{context\.(\w+)\}\}/g, (_, key: string) => {
    const value = context[key];
    if (typeof value !== 'string' || value === '') missing = true;
    return encodeURIComponent(String(value));
  });
  return missing ? undefined : url;
}

export interface FhirFetchOptions {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * GET one relative FHIR url from the EHR's server with its bearer token. No redirects (the token
 * must not travel elsewhere); a 404 is "no such resource" (null). Errors name the resource type
 * and the status, never the url (it carries the patient's id).
 */
export async function fetchFhir(request: HookRequest, relative: string, { timeoutMs, maxBytes }: FhirFetchOptions): Promise<unknown> {
  const base = request.fhirServer!.endsWith('/') ? request.fhirServer! : `${request.fhirServer}/`;
  const url = new URL(relative, base);
  const what = relative.split(/[/?]/)[0];
  const headers: Record<string, string> = { accept: 'application/fhir+json' };
  if (request.fhirAuthorization) headers.authorization = `Bearer ${request.fhirAuthorization.access_token}`;
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const reason = (e as Error).name === 'TimeoutError' ? `did not answer within ${timeoutMs} ms` : 'could not be reached';
    throw new HttpError(412, 'fhir-unavailable', `the FHIR server ${reason} (reading ${what})`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw new HttpError(412, 'fhir-unavailable', `the FHIR server answered ${response.status} reading ${what}`);
  // read no further than the limit: the server is the EHR's, its answer's size is not ours to trust
  const tooLarge = () => new HttpError(412, 'fhir-unavailable', `the FHIR server's ${what} is larger than ${maxBytes} bytes`);
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    // leaving the loop cancels the rest of the stream
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(412, 'fhir-unavailable', `the FHIR server's ${what} is not JSON`);
  }
}

/**
 * Where a prefetch key's data comes from: as sent (null when the EHR has none), else the filled
 * template to read from fhirServer, else nowhere (undefined). An OperationOutcome sent in place of
 * the data counts as not sent.
 */
function prefetchSource(request: HookRequest, service: CdsService, key: string): { sent: unknown } | { read: string } | undefined {
  const sent = request.prefetch?.[key];
  if (sent === null || (sent !== undefined && !(isObject(sent) && sent.resourceType === 'OperationOutcome'))) return { sent };
  const relative = fillTemplate(service.prefetch[key], request.context);
  return request.fhirServer && relative ? { read: relative } : undefined;
}

/** The first resource of a type in a resource or a Bundle of them (a searchset answer). */
function firstOfType(data: unknown, type: string): Json | undefined {
  if (!isObject(data)) return undefined;
  if (data.resourceType === type) return data;
  if (data.resourceType !== 'Bundle' || !Array.isArray(data.entry)) return undefined;
  return data.entry.map((e: unknown) => (isObject(e) && isObject(e.resource) ? e.resource : undefined)).find((r: Json | undefined) => r?.resourceType === type);
}

const CPT_SYSTEM = /cpt|hcpcs|ama-assn/i;
const ICD10_SYSTEM = /icd-?10/i;

function codings(concept: unknown): Json[] {
  return isObject(concept) && Array.isArray(concept.coding) ? concept.coding.filter(isObject) : [];
}

/** The CPT/HCPCS codes of an order or charge (ServiceRequest, ChargeItem, Procedure: `code`). */
function orderCodes(resource: Json): string[] {
  return codings(resource.code).filter((c) => CPT_SYSTEM.test(String(c.system ?? ''))).map((c) => String(c.code ?? '').toUpperCase()).filter((c) => /^[0-9A-Z]{5}$/.test(c));
}

/** A draft order or charge with its CPT/HCPCS codes, read once per call. */
interface DraftOrder {
  resource: Json;
  codes: string[];
}

function draftOrders(context: Json): DraftOrder[] {
  const bundle = context.draftOrders;
  if (!isObject(bundle) || !Array.isArray(bundle.entry)) return [];
  return bundle.entry.flatMap((e: unknown) => (isObject(e) && isObject(e.resource) ? [{ resource: e.resource, codes: orderCodes(e.resource) }] : []));
}

/** The draft orders that bill a guidance code, as `Type/id` (those without an id cannot be named). */
function guidanceOrders(orders: DraftOrder[]): { resourceId: string; code: string }[] {
  return orders.flatMap(({ resource: r, codes }) => (typeof r.id === 'string' ? codes.filter(isGuidanceCode).map((code) => ({ resourceId: `${r.resourceType}/${r.id}`, code })) : []));
}

/** The draft orders as the contract's claim: one line per CPT/HCPCS code, ICD-10 reasons as diagnoses. */
function claimFromOrders(orders: DraftOrder[]): Claim | undefined {
  const lines = orders.flatMap(({ resource: r, codes }) => codes.map((code) => ({ code, units: isObject(r.quantity) && typeof r.quantity.value === 'number' ? r.quantity.value : 1 })));
  if (lines.length === 0) return undefined;
  const diagnoses = [...new Set(orders.flatMap(({ resource: r }) => (Array.isArray(r.reasonCode) ? r.reasonCode : []).flatMap((rc: unknown) => codings(rc).filter((c) => ICD10_SYSTEM.test(String(c.system ?? ''))).map((c) => String(c.code)))))];
  return parseClaim({ lines, diagnoses }, 'context.draftOrders');
}

/** What a hook call is about: the note (read as the FHIR adapter reads it) and the claim, if any. */
export interface HookInput {
  note: ClinicalInput;
  /** the DocumentReference the note came from, for the query's `about` */
  document: Json;
  /** the draft orders billing a guidance code (a card may offer to delete them) */
  guidanceOrders: { resourceId: string; code: string }[];
}

/**
 * The note and claim of a hook call, or null when there is nothing to check (order-sign without a
 * guidance order, or the EHR has no procedure note). 412 when the note was neither prefetched nor
 * fetchable, as the spec asks. `beforeRead` is called once before anything is read from the FHIR
 * server (and may throw to prevent it).
 */
export async function readHookInput(request: HookRequest, service: CdsService, fetchOptions: FhirFetchOptions, beforeRead?: () => void): Promise<HookInput | null> {
  const orders = draftOrders(request.context);
  // order-sign applies only when a draft order or charge bills imaging guidance
  if (service.hook === 'order-sign' && !orders.some((o) => o.codes.some(isGuidanceCode))) return null;
  const sources = ['procedureNote', 'draftClaim'].map((key) => prefetchSource(request, service, key));
  if (sources.some((s) => s && 'read' in s)) beforeRead?.();
  const [noteData, claimData] = await Promise.all(sources.map((s) => (s && 'read' in s ? fetchFhir(request, s.read, fetchOptions) : s?.sent)));
  if (noteData === undefined) {
    throw new HttpError(412, 'prefetch-missing', 'the procedure note was not prefetched (key "procedureNote") and the request gives no fhirServer to read it from', { field: 'prefetch.procedureNote' });
  }
  const document = firstOfType(noteData, 'DocumentReference');
  if (!document) return null;
  const claimResource = firstOfType(claimData, 'Claim');
  // one Bundle, so the FHIR adapter reads the note and maps the Claim exactly as for /v1/lint
  const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: document }, ...(claimResource ? [{ resource: claimResource }] : [])] };
  const note = readFhirResource(bundle, service.id);
  const claim = note.claim ?? claimFromOrders(orders);
  return { note: { ...note, ...(claim ? { claim } : {}) }, document, guidanceOrders: guidanceOrders(orders) };
}
