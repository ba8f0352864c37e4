// HL7 v2 MDM (or any message with TX/FT OBX narrative) → note text. @medplum/core splits the
// message into segments, fields and repetitions; this file repairs what real feeds break (LF
// segment ends, segments wrapped mid-field or run together on one line), decodes escapes and
// keeps which OBX each narrative line came from.
import { createRequire } from 'node:module';
import type { Hl7Segment } from '@medplum/core';
import { ClinicalInputError, type ClinicalInput, type Origin } from './types.js';

const CONTENT_EVENTS = new Set(['T02', 'T04', 'T06', 'T08', 'T10']);
// segments that may be found run together on one line after a PDF copy (" OBX|…" mid-line)
const KNOWN_SEGMENTS = 'MSH|EVN|PID|PD1|PV1|PV2|NK1|ORC|OBR|OBX|NTE|TXA|TQ1|TQ2|CON|SPM|SAC|AL1|DG1|PR1|IN1|IN2|GT1|FT1|ROL|PRT|CTD|MRG|MSA|ERR';

interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One segment per line. A line that does not start a segment continues the one before (a message
 * wrapped mid-field): joined by a space, or directly after a hyphen (word wrap breaks after one).
 */
function repairSegments(message: string, fieldSep: string, warnings: string[]): string[] {
  const sep = escapeRe(fieldSep);
  const startsSegment = new RegExp(`^[A-Z][A-Z0-9]{2}${sep}`);
  const runTogether = new RegExp(`\\s+(?=(?:${KNOWN_SEGMENTS})${sep})`, 'g');
  const segments: string[] = [];
  let wrapped = 0;
  let joined = 0;
  for (const line of message.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    if (startsSegment.test(line) || segments.length === 0) segments.push(line);
    else {
      const prev = segments[segments.length - 1];
      segments[segments.length - 1] = prev + (/[\s-]$/.test(prev) ? '' : ' ') + line;
      wrapped++;
    }
  }
  const split = segments.flatMap((s) => {
    const parts = s.split(runTogether);
    joined += parts.length - 1;
    return parts;
  });
  if (wrapped) warnings.push(`${wrapped} line(s) did not start a segment and were joined to the segment before (a message wrapped mid-field)`);
  if (joined) warnings.push(`${joined} segment(s) ran together on one line and were split apart`);
  return split;
}

/** The most blank lines one \.sp N\ escape may ask for: a note skips a few, never thousands. */
export const MAX_SP_LINES = 20;
/** The largest indent, temporary indent or skip (\.in N\, \.ti N\, \.sk N\) a message may carry. */
export const MAX_FORMAT_ARGUMENT = 999;

/** Where an escape sits, for the error that refuses it: the message's source and the segment field. */
export interface EscapeSite {
  source: string;
  path: string;
}

/**
 * Decodes HL7 escapes: \F\ \S\ \T\ \R\ \E\, \.br\ and \.sp\ line breaks, \Xhh\ bytes; drops
 * highlighting. Every escape is bounded (64 characters in, MAX_SP_LINES line breaks out), so a
 * short message cannot decode to a huge narrative: a larger \.sp\ or formatting number is refused.
 */
export function unescapeHl7(value: string, d: Delimiters, at: EscapeSite = { source: '<hl7>', path: '(value)' }): string {
  const e = escapeRe(d.escape);
  const refuse = (reason: string): never => {
    throw new ClinicalInputError(at.source, at.path, reason);
  };
  return value.replace(new RegExp(`${e}([^${e}\\r\\n]{1,64})${e}`, 'g'), (whole, seq: string) => {
    switch (seq) {
      case 'F': return d.field;
      case 'S': return d.component;
      case 'T': return d.subcomponent;
      case 'R': return d.repetition;
      case 'E': return d.escape;
      case 'H': case 'N': return '';
      case '.br': return '\n';
    }
    const sp = /^\.sp\s*(\d*)$/.exec(seq);
    if (sp) {
      const lines = Number(sp[1] || 1);
      if (lines > MAX_SP_LINES) refuse(`a \\.sp\\ escape asks for ${sp[1].length > 9 ? 'more than a billion' : lines} line breaks; at most ${MAX_SP_LINES} are read`);
      return '\n'.repeat(Math.max(1, lines));
    }
    const format = /^\.(in|ti|sk)\s*[+-]?(\d*)$/.exec(seq);
    if (format) {
      if (Number(format[2] || 0) > MAX_FORMAT_ARGUMENT) refuse(`a \\.${format[1]}\\ escape's number is over ${MAX_FORMAT_ARGUMENT}`);
      return '';
    }
    if (/^\.(in|ti|ce|fi|nf|sk)/.test(seq)) return '';
    const hex = /^X([0-9A-Fa-f]+)$/.exec(seq); // whole bytes: an even count of digits
    if (hex && hex[1].length % 2 === 0) return Buffer.from(hex[1], 'hex').toString('utf8');
    if (/^[CMZ]/.test(seq)) return ''; // character-set switches and local escapes carry no text
    return whole;
  });
}

function decodeBytes(data: Buffer | string, warnings: string[]): string {
  if (typeof data === 'string') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    warnings.push('the message is not UTF-8; read as ISO-8859-1');
    return data.toString('latin1');
  }
}

function firstComponent(seg: Hl7Segment | undefined, field: number): string {
  return seg?.getField(field)?.getComponent(1) ?? '';
}

/** Reads an HL7 v2 message; throws ClinicalInputError naming the segment when there is no narrative. */
export function readHl7(data: Buffer | string, source: string): ClinicalInput {
  const warnings: string[] = [];
  // MLLP framing (VT … FS CR) and a BOM are envelope, not message
  const raw = decodeBytes(data, warnings).replace(/^\uFEFF/, '').replace(/^\s*\x0b/, '').replace(/\x1c\r?\s*$/, '').trimStart();
  if (!raw.startsWith('MSH') || raw.length < 8) throw new ClinicalInputError(source, 'MSH', 'the message does not start with an MSH segment (MSH|^~\\&|…), so it is not HL7 v2');
  const d: Delimiters = { field: raw[3], component: raw[4], repetition: raw[5], escape: raw[6], subcomponent: raw[7] };
  if (new Set(Object.values(d)).size !== 5) throw new ClinicalInputError(source, 'MSH-2', `encoding characters "${raw.slice(4, 8)}" are not four distinct separators`);
  // loaded on the first HL7 message: a plain note never needs it
  const { Hl7Message } = createRequire(import.meta.url)('@medplum/core') as typeof import('@medplum/core');
  const message = Hl7Message.parse(repairSegments(raw, d.field, warnings).join('\r'));
  const text = (seg: Hl7Segment | undefined, field: number) => unescapeHl7(firstComponent(seg, field), d, { source, path: `${seg?.name ?? '?'}-${field}` });

  const msh = message.getSegment('MSH');
  const messageType = msh?.getField(9)?.toString() ?? '';
  const [type, event] = messageType.split(d.component);
  if (type !== 'MDM' || !CONTENT_EVENTS.has(event ?? '')) {
    warnings.push(`message type ${messageType || '(none)'} is not MDM^T02/T04; narrative read from its TX/FT OBX segments`);
  }
  const pid = message.getSegment('PID');
  const txa = message.getSegment('TXA');
  const metadata: Record<string, string> = {};
  const keep = (key: string, value: string) => {
    if (value.trim()) metadata[key] = value.trim();
  };
  keep('messageType', unescapeHl7(messageType, d, { source, path: 'MSH-9' }));
  keep('messageControlId', text(msh, 10));
  keep('sendingApplication', text(msh, 3));
  keep('sendingFacility', text(msh, 4));
  keep('messageDateTime', text(msh, 7));
  keep('version', text(msh, 12));
  keep('patientId', text(pid, 3));
  keep('accountNumber', text(pid, 18));
  keep('documentType', text(txa, 2));
  keep('uniqueDocumentNumber', text(txa, 12));
  keep('placerOrderNumber', text(txa, 14));
  keep('completionStatus', text(txa, 17));

  // narrative: OBX-5 of TX/FT observations, one line per repetition, in message order
  const observations = message.getAllSegments('OBX');
  const lines: string[] = [];
  const origins: Origin[] = [];
  const skipped: string[] = [];
  let offset = 0;
  observations.forEach((obx, i) => {
    const path = `OBX[${i + 1}]`;
    const valueType = obx.getField(2)?.toString().trim() ?? '';
    const value = obx.getField(5)?.toString() ?? '';
    if (valueType !== 'TX' && valueType !== 'FT') {
      const media = valueType === 'ED' ? ` (${obx.getField(5)?.getComponent(2) || '?'}/${obx.getField(5)?.getComponent(3) || '?'}, not text)` : '';
      skipped.push(`${path} is ${valueType || 'untyped'}${media}`);
      return;
    }
    const piece = value.split(d.repetition).map((r) => unescapeHl7(r, d, { source, path: `${path}-5` })).join('\n');
    lines.push(piece);
    origins.push({ offset, endOffset: offset + piece.length, path });
    offset += piece.length + 1;
  });
  const narrative = lines.join('\n');
  if (observations.length === 0) throw new ClinicalInputError(source, 'OBX', `the ${messageType || 'message'} has no OBX segment, so no narrative`);
  if (lines.length === 0) throw new ClinicalInputError(source, 'OBX', `no TX or FT observation carries narrative: ${skipped.join(', ')}`);
  if (narrative.trim() === '') throw new ClinicalInputError(source, 'OBX-5', `every TX/FT observation (${origins.map((o) => o.path).join(', ')}) is empty`);

  const recordId = metadata.uniqueDocumentNumber ?? metadata.messageControlId;
  return { format: 'hl7', text: narrative, source: recordId ? `${source}#${recordId}` : source, recordId, metadata, origins, warnings };
}
