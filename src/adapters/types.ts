import type { Claim } from '../types.js';
import { InputError } from '../note/decode.js';

export type InputMode = 'auto' | 'text' | 'fhir' | 'hl7';
export const INPUT_MODES: readonly InputMode[] = ['auto', 'text', 'fhir', 'hl7'];

/** Where a stretch of the narrative came from: `path` names the segment or resource element. */
export interface Origin {
  offset: number;
  endOffset: number;
  path: string;
}

/** A note read out of a plain file, a FHIR resource or an HL7 v2 message. */
export interface ClinicalInput {
  format: 'text' | 'fhir' | 'hl7';
  /** the narrative: every lint offset is an offset into this string */
  text: string;
  /** `source`, or `source#recordId` when the message or resource has an id (the result's source) */
  source: string;
  /** MSH-10 / TXA-12, or ResourceType/id of the DocumentReference */
  recordId?: string;
  claim?: Claim;
  /** ids kept from the envelope (MSH, PID, TXA, or the FHIR resources); never the narrative */
  metadata: Record<string, string>;
  /** which segment or attachment each stretch of the narrative came from, in order */
  origins: Origin[];
  /** repairs made to read a sloppy message, for the caller to show */
  warnings: string[];
}

/** An input that holds no usable note: names the segment or resource path at fault. */
export class ClinicalInputError extends InputError {
  constructor(source: string, readonly path: string, reason: string) {
    super(source, `${path}: ${reason}`);
  }
}
