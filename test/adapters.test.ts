import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readClinicalInput, detectFormat, unescapeHl7, ClinicalInputError } from '../src/adapters/index.js';
import { InputError } from '../src/note/decode.js';
import { ClaimError, readClaimFile } from '../src/claim/parse.js';
import { lint } from '../src/lint.js';
import type { Claim } from '../src/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test', 'fixtures', 'clinical');
const fixture = (name: string) => readFileSync(join(fixtures, name));
const plain = (name: string) => readFileSync(join(fixtures, name), 'utf8');
// the published samples stay in ../shared (written by others): read there, never copied in
const external = join(root, '..', 'shared', 'external');

/** The result minus its source, which names the file or record and so differs by design. */
function outcome(text: string, claim?: Claim) {
  const { source: _source, ...rest } = lint(text, { claim });
  return rest;
}

describe('project fixtures lint to the same result as their plain text', () => {
  it('FHIR DocumentReference (base64 text/plain) → the exact note', () => {
    const input = readClinicalInput(fixture('knee-fluoro.docref.json'), 'knee-fluoro.docref.json', 'auto');
    expect(input.format).toBe('fhir');
    expect(input.text).toBe(plain('knee-fluoro.txt'));
    expect(input.source).toBe('knee-fluoro.docref.json#DocumentReference/knee-fluoro-1');
    expect(input.origins).toEqual([{ offset: 0, endOffset: input.text.length, path: 'DocumentReference.content[0].attachment.data' }]);
    const result = outcome(input.text);
    expect(result).toEqual(outcome(plain('knee-fluoro.txt')));
    expect(result.documentation.supported).toBe(true); // a meaningful note, not an empty match
  });

  it('FHIR Bundle → the note and its Claim mapped to the contract claim (facility Location gives POS)', () => {
    const input = readClinicalInput(fixture('tfesi-77003.bundle.json'), 'b.json', 'fhir');
    const expected = readClaimFile(join(fixtures, 'tfesi-77003.claim.json'));
    expect(input.claim).toEqual(expected);
    expect(input.metadata).toMatchObject({ bundleId: 'tfesi-encounter-1', claimId: 'tfesi-claim-1', documentReferenceId: 'tfesi-1' });
    const result = outcome(input.text, input.claim);
    expect(result).toEqual(outcome(plain('tfesi-77003.txt'), expected));
    expect(result.claim?.action).toBe('remove');
    expect(result.messages.map((m) => m.ruleId)).toContain('modifier-unbundling');
  });

  it('HL7 MDM^T02, one TX OBX per line, CR segment ends, \\T\\ escapes → the note', () => {
    const input = readClinicalInput(fixture('troch-bursa.mdm.hl7'), 'troch.hl7', 'auto');
    expect(input.format).toBe('hl7');
    expect(input.text).toBe(plain('troch-bursa.txt').replace(/\n$/, ''));
    expect(input.text.startsWith('PM&R Clinic')).toBe(true);
    expect(input.metadata).toMatchObject({ messageType: 'MDM^T02^MDM_T02', messageControlId: 'MSG-TROCH-0001', patientId: 'SYN00042', uniqueDocumentNumber: 'DOC-TROCH-0001', completionStatus: 'AU' });
    expect(input.source).toBe('troch.hl7#DOC-TROCH-0001');
    expect(input.warnings).toEqual([]);
    const result = outcome(input.text);
    expect(result).toEqual(outcome(plain('troch-bursa.txt')));
    expect(result.documentation.guidanceCode).toBe('77002');
  });

  it('HL7 MDM^T04, one FT OBX with \\.br\\ line breaks and \\R\\, LF segment ends → the note', () => {
    const input = readClinicalInput(fixture('cervical-mbb.mdm.hl7'), 'mbb.hl7', 'hl7');
    expect(input.text).toBe(plain('cervical-mbb.txt').replace(/\n$/, ''));
    expect(input.text).toContain('(~83% relief)');
    expect(outcome(input.text)).toEqual(outcome(plain('cervical-mbb.txt')));
  });

  it('maps a lint offset back to the OBX segment its line came from', () => {
    const input = readClinicalInput(fixture('troch-bursa.mdm.hl7'), 'troch.hl7', 'hl7');
    const evidence = lint(input.text).documentation.elements.imagesSaved.evidence[0];
    const origin = input.origins.find((o) => evidence.offset >= o.offset && evidence.offset <= o.endOffset)!;
    expect(origin.path).toMatch(/^OBX\[\d+\]$/);
    const lineNo = Number(origin.path.slice(4, -1));
    expect(input.text.split('\n')[lineNo - 1]).toContain(evidence.text);
  });
});

describe('HL7 v2 escapes and repairs', () => {
  const d = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };
  it('decodes \\F\\ \\S\\ \\T\\ \\R\\ \\E\\, \\.br\\, \\.sp\\ and \\X..\\, drops \\H\\ \\N\\', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', d)).toBe('a|b^c&d~e\\f');
    expect(unescapeHl7('one\\.br\\two\\.sp 2\\three', d)).toBe('one\ntwo\n\nthree');
    expect(unescapeHl7('\\H\\bold\\N\\ \\X41\\', d)).toBe('bold A');
    expect(unescapeHl7('C:\\path with a lone backslash', d)).toBe('C:\\path with a lone backslash');
  });

  it('bounds every escape: a \\.sp\\ past 20 lines or a formatting number past 999 is refused, naming the field', () => {
    const message = (value: string) => `MSH|^~\\&|A|B|C|D|1||MDM^T02|X|P|2.5\rOBX|1|TX|||ok~${value}||||||F`;
    expect(readClinicalInput(message('a\\.sp 20\\b\\.in +999\\c'), 's', 'hl7').text).toBe(`ok\na${'\n'.repeat(20)}bc`);
    for (const [value, reason] of [['a\\.sp 10000000\\b', /OBX\[1\]-5: a \\\.sp\\ escape asks for 10000000 line breaks; at most 20/], ['\\.sp540000000000\\', /more than a billion/], ['\\.in +99999\\', /\\\.in\\ escape's number is over 999/], ['\\.ti -1000\\', /\.ti/]] as const) {
      expect(() => readClinicalInput(message(value), 's', 'hl7'), value).toThrow(reason);
    }
    // a field outside the narrative is named too
    expect(() => readClinicalInput('MSH|^~\\&|A|B|C|D|1||MDM^T02|X\\.sp 99\\|P|2.5\rOBX|1|TX|||ok||||||F', 's', 'hl7')).toThrow(/MSH-10/);
  });

  it('joins a segment wrapped mid-field and splits segments run together on one line', () => {
    const message = [
      'MSH|^~\\&|A|B|C|D|20250101||MDM^T02|ID-1|P|2.5',
      'TXA|1|PN|TX||||||||||DOC-9',
      'OBX|1|TX|||Fluoroscopy confirmed the needle in the',
      'joint.||||||F OBX|2|TX|||Images were saved to PACS.||||||F',
    ].join('\n');
    const input = readClinicalInput(message, 'wrapped.hl7', 'hl7');
    expect(input.text).toBe('Fluoroscopy confirmed the needle in the joint.\nImages were saved to PACS.');
    expect(input.warnings.join(' ')).toMatch(/1 line\(s\) did not start a segment/);
    expect(input.warnings.join(' ')).toMatch(/1 segment\(s\) ran together/);
  });

  it('reads MLLP-framed, CR-terminated messages', () => {
    const input = readClinicalInput('\x0bMSH|^~\\&|A|B|C|D|1||MDM^T02|X|P|2.5\rOBX|1|TX|||Needle placed.||||||F\r\x1c\r', 's', 'auto');
    expect(input.text).toBe('Needle placed.');
  });

  it('names the segment when there is no narrative', () => {
    expect(() => readClinicalInput('MSH|^~\\&|A|B|C|D|1||MDM^T02|X|P|2.5\nPID|1||123', 's', 'hl7')).toThrow(/OBX: the MDM\^T02 has no OBX segment/);
    expect(() => readClinicalInput('MSH|^~\\&|A|B|C|D|1||MDM^T02|X|P|2.5\nOBX|1|TX|||||||||F', 's', 'hl7')).toThrow(/OBX-5: every TX\/FT observation \(OBX\[1\]\) is empty/);
    expect(() => readClinicalInput('PID|1||123', 's', 'hl7')).toThrow(ClinicalInputError);
  });
});

describe('FHIR errors name the resource path', () => {
  const docref = (attachment: object) => JSON.stringify({ resourceType: 'DocumentReference', id: 'x', content: [{ attachment }] });
  it('refuses an attachment that is not inline text', () => {
    const e = (() => { try { readClinicalInput(docref({ contentType: 'application/pdf', data: 'JVBERi0=' }), 's', 'fhir'); } catch (err) { return err; } })();
    expect(e).toBeInstanceOf(ClinicalInputError);
    expect((e as ClinicalInputError).path).toBe('DocumentReference.content');
    expect((e as Error).message).toContain('DocumentReference.content[0].attachment is application/pdf');
  });
  it('refuses base64 that is not UTF-8 text, and data that is not base64', () => {
    expect(() => readClinicalInput(docref({ contentType: 'text/plain', data: Buffer.from([0xff, 0xfe, 0x00]).toString('base64') }), 's', 'fhir'))
      .toThrow(/DocumentReference\.content\[0\]\.attachment\.data: does not decode as utf-8/);
    expect(() => readClinicalInput(docref({ contentType: 'text/plain', data: 'not base64!' }), 's', 'fhir')).toThrow(/attachment\.data: is not base64/);
  });
  it('refuses an attachment that would decode past the size given, from its base64 length, before decoding', () => {
    const data = Buffer.from('x'.repeat(3000)).toString('base64');
    expect(readClinicalInput(docref({ contentType: 'text/plain', data }), 's', 'fhir', { maxDecodedBytes: 3000 }).text).toHaveLength(3000);
    expect(() => readClinicalInput(docref({ contentType: 'text/plain', data }), 's', 'fhir', { maxDecodedBytes: 2999 }))
      .toThrow(/attachment\.data: decodes to 3000 bytes, over the 2999 bytes left/);
    const padded = Buffer.from('xy').toString('base64');
    expect(() => readClinicalInput(docref({ contentType: 'text/plain', data: padded }), 's', 'fhir', { maxDecodedBytes: 1 })).toThrow(/decodes to 2 bytes/);
  });
  it('names the Claim item whose code cannot be mapped', () => {
    const bundle = {
      resourceType: 'Bundle',
      entry: [
        { resource: { resourceType: 'DocumentReference', content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('note').toString('base64') } }] } },
        { resource: { resourceType: 'Claim', item: [{ productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '20610' }] } }, { productOrService: { coding: [{ code: 'exam' }] } }] } },
      ],
    };
    expect(() => readClinicalInput(JSON.stringify(bundle), 's', 'fhir')).toThrow(ClaimError);
    expect(() => readClinicalInput(JSON.stringify(bundle), 's', 'fhir')).toThrow('claim field Bundle.entry[1].resource.item[1].productOrService has no CPT/HCPCS coding (got exam)');
    bundle.entry[1].resource.item![1] = { productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '77002' }] }, quantity: { value: 0 } } as never;
    expect(() => readClinicalInput(JSON.stringify(bundle), 's', 'fhir')).toThrow(/Bundle\.entry\[1\]\.resource\.item\[1\]\.quantity must be >= 1/);
  });
  it('reads the item locationCodeableConcept as place of service, and modifiers and units', () => {
    const bundle = {
      resourceType: 'Bundle',
      entry: [
        { resource: { resourceType: 'DocumentReference', content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('note').toString('base64') } }] } },
        { resource: { resourceType: 'Claim', diagnosis: [{ diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M17.11' }] } }], item: [
          { productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '77002' }] }, modifier: [{ coding: [{ code: '26' }] }], quantity: { value: 2 }, locationCodeableConcept: { coding: [{ code: '22' }] } },
        ] } },
      ],
    };
    expect(readClinicalInput(JSON.stringify(bundle), 's', 'fhir').claim).toEqual({ placeOfService: '22', lines: [{ code: '77002', modifiers: ['26'], units: 2 }], diagnoses: ['M17.11'] });
  });
});

describe('input modes', () => {
  it('detects HL7, FHIR and text', () => {
    expect(detectFormat('MSH|^~\\&|x')).toBe('hl7');
    expect(detectFormat(Buffer.from('\uFEFF{"resourceType": "Bundle"}'))).toBe('fhir');
    expect(detectFormat('{"text": "a JSON that is not FHIR"}')).toBe('text');
    expect(detectFormat('PROCEDURE: knee injection')).toBe('text');
  });
  it('reads text as given and refuses what is not a note', () => {
    expect(readClinicalInput(Buffer.from('\uFEFFKnee injection.'), 'n.txt', 'text').text).toBe('Knee injection.');
    expect(() => readClinicalInput(Buffer.from([0x4b, 0x00, 0x01]), 'bin', 'auto')).toThrow(InputError);
    expect(() => readClinicalInput('  \n', 'blank', 'text')).toThrow(/empty note/);
    expect(() => readClinicalInput('x', 's', 'pdf' as never)).toThrow(/unknown input format "pdf"/);
  });
});

describe('published samples in ../shared/external are read without a crash', () => {
  // narrative expected from each; any other file must fail with a ClinicalInputError naming a path
  const narrative: Record<string, string> = {
    'fhir/DocumentReference-soap-note.json': 'S: Patient complained of sore toe',
    'fhir/documentreference-discharge-summary.json': 'No activity restriction, regular diet',
    'fhir/xds-example.json': 'asdasdasdasdasd', // text/plain by url, resolved to the Bundle's Binary
    'hl7v2/MDM-T02-03.hl7': 'Toilet cylinder crackers model step-mother',
    'hl7v2/mdm-example.hl7': 'One film was presented for interpretation and reveals a chest tube\nwith the tip at the right hilus.',
    'hl7v2/ORU-multiline.hl7': ' TONSILLECTOMY & ADENOIDECTOMY',
    'hl7v2/ORU-multiline-short-mixed.hl7': '[PII] Emergency Department',
  };
  const noNarrative: Record<string, RegExp> = {
    'fhir/DiagnosticReport-chest-xray-report.json': /^DiagnosticReport$/,
    'fhir/bundle-docref-example1.json': /^Bundle\.entry\[0\]\.resource\.content$/,
    'fhir/claim-example-cms1500-medical.json': /^Claim$/,
    'fhir/claim-example-professional.json': /^Claim$/,
    'fhir/composition-example.json': /^Composition$/,
    'fhir/document-example-dischargesummary.json': /^Bundle\.entry$/,
    'fhir/documentreference-example.json': /^DocumentReference\.content$/,
    'hl7v2/MDM-T02-01.hl7': /^OBX$/,
    'hl7v2/ORU-R01-01.hl7': /^OBX$/,
  };
  const files = ['fhir', 'hl7v2'].flatMap((dir) => readdirSync(join(external, dir)).filter((f) => !f.endsWith('.md')).map((f) => `${dir}/${f}`));

  it('every sample is listed here (a new sample gets an expectation)', () => {
    expect(files.sort()).toEqual([...Object.keys(narrative), ...Object.keys(noNarrative)].sort());
  });

  for (const file of Object.keys(narrative)) {
    it(`${file}: narrative extracted and lintable`, () => {
      const input = readClinicalInput(readFileSync(join(external, file)), file, 'auto');
      expect(input.text).toContain(narrative[file]);
      expect(() => lint(input.text, { filename: input.source })).not.toThrow();
    });
  }
  for (const file of Object.keys(noNarrative)) {
    it(`${file}: a clear error naming the path`, () => {
      let error: unknown;
      try {
        readClinicalInput(readFileSync(join(external, file)), file, 'auto');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClinicalInputError);
      expect((error as ClinicalInputError).path).toMatch(noNarrative[file]);
      expect((error as Error).message.startsWith(`${file}: `)).toBe(true);
    });
  }

  it('mdm-example.hl7 (wrapped mid-field, segments run together, a page footer) keeps its ids and reports the repairs', () => {
    const input = readClinicalInput(readFileSync(join(external, 'hl7v2/mdm-example.hl7')), 'mdm', 'hl7');
    expect(input.metadata.messageControlId).toBe('{6AF4DC6C-5BF1-4563-8EBD-F54B880B3613}');
    expect(input.text).not.toContain('Remote Operations'); // the footer landed outside OBX-5
    expect(input.origins).toHaveLength(44);
    expect(input.warnings.length).toBe(2);
  });

  it('ORU-multiline.hl7: 529 OBX lines, \\F\\ decoded', () => {
    const input = readClinicalInput(readFileSync(join(external, 'hl7v2/ORU-multiline.hl7')), 'oru', 'auto');
    expect(input.origins).toHaveLength(529);
    expect(input.text).toContain('VITAL SIGNS: BP 151/63  | Pulse 73');
    expect(input.warnings[0]).toMatch(/ORU\^R01/);
  });
});
