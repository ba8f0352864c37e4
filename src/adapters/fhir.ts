// FHIR R4 → note text (+ claim): a DocumentReference whose attachment is base64 text/plain, or a
// Bundle holding one (and optionally a Claim). Errors name the resource path at fault.
import { parseClaim, ClaimError } from '../claim/parse.js';
import type { Claim } from '../types.js';
import { ClinicalInputError, type ClinicalInput } from './types.js';

// FHIR is read defensively, field by field, so resources stay loosely typed
type Json = Record<string, any>;

interface Located {
  resource: Json;
  /** where it sits: `DocumentReference`, `Bundle.entry[2].resource` */
  path: string;
  fullUrl?: string;
}

const TEXT_TYPES = new Set(['text/plain', 'text/markdown']);

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function codings(concept: unknown): Json[] {
  return isObject(concept) ? list(concept.coding) : [];
}

/** What reading a FHIR resource may cost. */
export interface FhirLimits {
  /** the most bytes an attachment may decode to; checked on the base64 length, before decoding */
  maxDecodedBytes?: number;
}

/** The bytes base64 text decodes to, from its length alone. */
function decodedLength(data: string): number {
  let chars = 0;
  let padding = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 61) padding++; // '='
    else if (c > 32) chars++;
  }
  return Math.floor(((chars + padding) * 3) / 4) - padding;
}

function decodeBase64Text(data: unknown, contentType: string, source: string, path: string, limits: FhirLimits): string {
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(data)) throw new ClinicalInputError(source, path, 'is not base64 data');
  // counted only when the data could be too big: base64 decodes to at most 3 bytes per 4 characters
  const size = limits.maxDecodedBytes !== undefined && (data.length * 3) / 4 > limits.maxDecodedBytes ? decodedLength(data) : 0;
  if (limits.maxDecodedBytes !== undefined && size > limits.maxDecodedBytes) {
    throw new ClinicalInputError(source, path, `decodes to ${size} bytes, over the ${Math.max(0, limits.maxDecodedBytes)} bytes left of the size limit`);
  }
  const bytes = Buffer.from(data, 'base64');
  const charset = /charset=([^;\s]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(charset, { fatal: true }).decode(bytes);
  } catch {
    throw new ClinicalInputError(source, path, `does not decode as ${charset} text`);
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ClinicalInputError(source, path, 'decodes to an empty note');
  return text;
}

/** Finds the Binary (or any resource) an attachment url points to inside the Bundle. */
function resolveInBundle(url: string, entries: Located[]): Located | undefined {
  return entries.find(({ resource, fullUrl }) =>
    fullUrl === url || (resource.id && (url === `${resource.resourceType}/${resource.id}` || url.endsWith(`/${resource.resourceType}/${resource.id}`))));
}

function readAttachment(doc: Located, entries: Located[], source: string, limits: FhirLimits): { text: string; path: string } {
  const content = list(doc.resource.content);
  if (content.length === 0) throw new ClinicalInputError(source, `${doc.path}.content`, 'is missing: the DocumentReference has no attachment');
  const seen: string[] = [];
  for (const [i, item] of content.entries()) {
    const path = `${doc.path}.content[${i}].attachment`;
    const a = isObject(item.attachment) ? item.attachment : {};
    const contentType = String(a.contentType ?? '');
    const baseType = contentType.split(';')[0].trim().toLowerCase();
    if (!TEXT_TYPES.has(baseType)) {
      seen.push(`${path} is ${contentType || 'untyped'}`);
      continue;
    }
    if (a.data !== undefined) return { text: decodeBase64Text(a.data, contentType, source, `${path}.data`, limits), path: `${path}.data` };
    const target = typeof a.url === 'string' ? resolveInBundle(a.url, entries) : undefined;
    if (target && target.resource.data !== undefined) {
      const path2 = `${target.path}.data`;
      return { text: decodeBase64Text(target.resource.data, String(target.resource.contentType ?? contentType), source, path2, limits), path: path2 };
    }
    seen.push(`${path} is ${contentType} given by url only${a.url ? ' (not inside this Bundle)' : ''}`);
  }
  throw new ClinicalInputError(source, `${doc.path}.content`, `no text/plain attachment with inline base64 data: ${seen.join('; ')}`);
}

const POS_SYSTEM = /place.?of.?service/i;

/** Place of service: an item's locationCodeableConcept, else the facility Location's type. */
function placeOfService(claim: Located, entries: Located[]): string | undefined {
  for (const item of list(claim.resource.item)) {
    const code = codings(item.locationCodeableConcept).map((c) => String(c.code ?? '')).find((c) => /^\d{2}$/.test(c));
    if (code) return code;
  }
  const ref = isObject(claim.resource.facility) ? String(claim.resource.facility.reference ?? '') : '';
  if (!ref) return undefined;
  const location = ref.startsWith('#')
    ? list(claim.resource.contained).find((r) => `#${r.id}` === ref)
    : resolveInBundle(ref, entries)?.resource;
  for (const type of list(location?.type)) {
    const code = codings(type).find((c) => POS_SYSTEM.test(String(c.system ?? '')) && /^\d{2}$/.test(String(c.code ?? '')));
    if (code) return String(code.code);
  }
  return undefined;
}

/** A FHIR Claim → the contract claim: item productOrService/modifier/quantity, diagnoses, place of service. */
export function claimFromFhir(claim: Located, entries: Located[], source: string): Claim {
  const items = list(claim.resource.item);
  if (items.length === 0) throw new ClaimError(source, `${claim.path}.item`, 'is missing: the Claim has no service lines');
  const lines = items.map((item, i) => {
    const options = codings(item.productOrService);
    const chosen = options.find((c) => /cpt|hcpcs/i.test(String(c.system ?? ''))) ?? options.find((c) => /^[0-9A-Z]{5}$/i.test(String(c.code ?? '')));
    if (!chosen) {
      const got = options.map((c) => c.code).join(', ');
      throw new ClaimError(source, `${claim.path}.item[${i}].productOrService`, `has no CPT/HCPCS coding${got ? ` (got ${got})` : ''}`);
    }
    const quantity = isObject(item.quantity) ? item.quantity.value : undefined;
    return {
      code: String(chosen.code).toUpperCase(),
      modifiers: list(item.modifier).map((m) => String(codings(m)[0]?.code ?? '').toUpperCase()),
      ...(quantity !== undefined ? { units: quantity } : {}),
    };
  });
  const diagnoses = list(claim.resource.diagnosis).flatMap((dx) => {
    const all = codings(dx.diagnosisCodeableConcept);
    const code = all.find((c) => /icd-?10/i.test(String(c.system ?? ''))) ?? all[0];
    return code?.code ? [String(code.code)] : [];
  });
  const pos = placeOfService(claim, entries);
  const mapped = { lines, diagnoses, ...(pos ? { placeOfService: pos } : {}) };
  try {
    return parseClaim(mapped, source);
  } catch (e) {
    if (!(e instanceof ClaimError)) throw e;
    // name the FHIR element, not the contract field it was mapped to
    const field = e.field
      .replace(/^\/lines\/(\d+)\/code/, `${claim.path}.item[$1].productOrService`)
      .replace(/^\/lines\/(\d+)\/modifiers\/(\d+)/, `${claim.path}.item[$1].modifier[$2]`)
      .replace(/^\/lines\/(\d+)\/units/, `${claim.path}.item[$1].quantity`)
      .replace(/^\/lines\/(\d+)/, `${claim.path}.item[$1]`)
      .replace(/^\/diagnoses\/(\d+)/, `${claim.path}.diagnosis[$1]`)
      .replace(/^\/placeOfService/, `${claim.path}.item.locationCodeableConcept`);
    throw new ClaimError(source, field, e.reason);
  }
}

/** Reads a FHIR R4 DocumentReference or Bundle (JSON text). */
export function readFhir(json: string, source: string, limits: FhirLimits = {}): ClinicalInput {
  let root: unknown;
  try {
    root = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (e) {
    // JSON.parse's message quotes the input, which may be note text: keep only the position
    const at = /position (\d+)/.exec((e as Error).message);
    throw new ClinicalInputError(source, '(json)', `not valid JSON${at ? ` (at character ${at[1]})` : ''}`);
  }
  return readFhirResource(root, source, limits);
}

/** Reads a FHIR R4 DocumentReference or Bundle already parsed (e.g. a CDS Hooks prefetch value). */
export function readFhirResource(root: unknown, source: string, limits: FhirLimits = {}): ClinicalInput {
  if (!isObject(root) || typeof root.resourceType !== 'string') throw new ClinicalInputError(source, '(root)', 'has no resourceType: not a FHIR resource');
  const warnings: string[] = [];
  let docs: Located[];
  let entries: Located[] = [];
  let claims: Located[] = [];
  if (root.resourceType === 'Bundle') {
    entries = list(root.entry).flatMap((entry, i) =>
      isObject(entry.resource) ? [{ resource: entry.resource, path: `Bundle.entry[${i}].resource`, fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined }] : []);
    docs = entries.filter((e) => e.resource.resourceType === 'DocumentReference');
    claims = entries.filter((e) => e.resource.resourceType === 'Claim');
    if (docs.length === 0) {
      const types = entries.map((e) => e.resource.resourceType).join(', ') || 'no entries';
      throw new ClinicalInputError(source, 'Bundle.entry', `holds no DocumentReference (found ${types})`);
    }
    if (docs.length > 1) warnings.push(`the Bundle holds ${docs.length} DocumentReferences; read ${docs[0].path}`);
    if (claims.length > 1) warnings.push(`the Bundle holds ${claims.length} Claims; read ${claims[0].path}`);
  } else if (root.resourceType === 'DocumentReference') {
    docs = [{ resource: root, path: 'DocumentReference' }];
  } else if (root.resourceType === 'Claim') {
    throw new ClinicalInputError(source, 'Claim', 'a Claim alone carries no note text: send a Bundle holding the DocumentReference and the Claim');
  } else {
    throw new ClinicalInputError(source, root.resourceType, 'is not a DocumentReference: guidelint reads a DocumentReference with a base64 text/plain attachment, or a Bundle holding one');
  }

  const doc = docs[0];
  const { text, path } = readAttachment(doc, entries, source, limits);
  const metadata: Record<string, string> = {};
  const keep = (key: string, value: unknown) => {
    if (typeof value === 'string' && value.trim()) metadata[key] = value.trim();
  };
  if (root.resourceType === 'Bundle') keep('bundleId', root.id);
  keep('documentReferenceId', doc.resource.id);
  keep('masterIdentifier', isObject(doc.resource.masterIdentifier) ? doc.resource.masterIdentifier.value : undefined);
  keep('documentType', codings(doc.resource.type)[0]?.code);
  keep('subject', isObject(doc.resource.subject) ? doc.resource.subject.reference : undefined);
  keep('date', doc.resource.date);
  const claimAt = claims[0];
  if (claimAt) keep('claimId', claimAt.resource.id);
  const claim = claimAt ? claimFromFhir(claimAt, entries, source) : undefined;

  const recordId = doc.resource.id ? `DocumentReference/${doc.resource.id}` : undefined;
  return {
    format: 'fhir',
    text,
    source: recordId ? `${source}#${recordId}` : source,
    recordId,
    ...(claim ? { claim } : {}),
    metadata,
    origins: [{ offset: 0, endOffset: text.length, path }],
    warnings,
  };
}
