// Clinical inputs for the API and the CLI (`--input auto|text|fhir|hl7`).
import { checkNoteText, decodeNote } from '../note/decode.js';
import { readFhir, readFhirResource, claimFromFhir, type FhirLimits } from './fhir.js';
import { readHl7, unescapeHl7 } from './hl7.js';
import { ClinicalInputError, INPUT_MODES, type ClinicalInput, type InputMode, type Origin } from './types.js';

export { ClinicalInputError, INPUT_MODES, readFhir, readFhirResource, readHl7, claimFromFhir, unescapeHl7 };
export type { ClinicalInput, InputMode, Origin, FhirLimits };

/** What the input looks like: an MSH header is HL7 v2, a JSON object with a resourceType is FHIR. */
export function detectFormat(data: Buffer | string): 'text' | 'fhir' | 'hl7' {
  const head = (typeof data === 'string' ? data.slice(0, 4096) : data.subarray(0, 4096).toString('latin1')).replace(/^(\uFEFF|\xEF\xBB\xBF)/, '').replace(/^\s*\x0b?/, '');
  if (/^MSH.[^\r\n]{3}/.test(head)) return 'hl7';
  if (head.startsWith('{') && /"resourceType"\s*:/.test(head)) return 'fhir';
  return 'text';
}

/**
 * Reads a note from plain text, a FHIR R4 DocumentReference/Bundle or an HL7 v2 message.
 * Throws ClinicalInputError (an InputError) naming the segment or resource path when there is no
 * narrative, ClaimError when a FHIR Claim cannot be mapped, InputError for unreadable text.
 */
export function readClinicalInput(data: Buffer | string, source: string, mode: InputMode = 'auto', limits: FhirLimits = {}): ClinicalInput {
  if (!INPUT_MODES.includes(mode)) throw new ClinicalInputError(source, '(input)', `unknown input format "${mode}" (${INPUT_MODES.join(', ')})`);
  const format = mode === 'auto' ? detectFormat(data) : mode;
  // the narrative of an HL7 message or FHIR attachment meets the same policy as a plain note
  const checked = (input: ClinicalInput): ClinicalInput => (checkNoteText(input.text, source), input);
  if (format === 'hl7') return checked(readHl7(data, source));
  if (format === 'fhir') return checked(readFhir(typeof data === 'string' ? data : decodeNote(data, source), source, limits));
  const text = typeof data === 'string' ? checkNoteText(data, source) : decodeNote(data, source);
  if (text.trim() === '') throw new ClinicalInputError(source, '(text)', 'empty note (whitespace only)');
  return { format: 'text', text, source, metadata: {}, origins: [{ offset: 0, endOffset: text.length, path: '(text)' }], warnings: [] };
}
