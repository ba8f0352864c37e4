import type { LintResult, Span } from '../types.js';
import { LineIndex } from '../note/locate.js';

export interface PhysicianQuery {
  text: string;
  markdown: string;
  fhir: Record<string, unknown>;
}

interface Question {
  topic: string;
  ask: string;
  options: string[];
}

const MODALITY_WORD = { fluoroscopy: 'fluoroscopic', ultrasound: 'ultrasound', ct: 'CT', mri: 'MR' } as const;

/** Does this result call for a query? With a claim, exactly when its action is `query`. */
export function needsQuery(r: LintResult): boolean {
  if (r.claim) return r.claim.action === 'query';
  const d = r.documentation;
  return d.needlePlacement && d.technique !== 'landmark' && !d.supported;
}

function quote(text: string, index: LineIndex, span: Span): string {
  // the whole sentence-ish line the evidence sits on, trimmed
  const from = index.lineStart(span.line);
  const to = text.slice(from).search(/[\r\n]/);
  const line = text.slice(from, to < 0 ? text.length : from + to).trim();
  return `line ${span.line}: "${line.length > 160 ? line.slice(0, 157) + '…' : line}"`;
}

/**
 * A compliant, non-leading physician query (AHIMA/ACDIS practice): it states what the record
 * shows, asks about each missing element with open or multiple-choice options that include
 * "other" and "unable to determine", never suggests an answer and never mentions payment.
 * Returns null when no query is called for.
 */
export function buildQuery(r: LintResult, text: string): PhysicianQuery | null {
  if (!needsQuery(r)) return null;
  const d = r.documentation;
  const index = new LineIndex(text);
  const shows: string[] = [];
  const firstNeedle = r.messages.find((m) => m.ruleId === 'guidance-not-documented');
  if (firstNeedle) shows.push(`A needle procedure is documented (line ${firstNeedle.line}).`);
  for (const [name, el] of Object.entries(d.elements)) if (el.present && el.evidence[0]) shows.push(`${label(name)}: ${quote(text, index, el.evidence[0])}`);
  if (d.site?.span) shows.push(`Procedure site: ${quote(text, index, d.site.span)}`);

  const imaging = d.modality ? `${MODALITY_WORD[d.modality]} imaging` : 'imaging';
  const questions: Question[] = [];
  if (d.technique === 'unstated') {
    questions.push({
      topic: 'Guidance method',
      ask: 'How was the needle guided to its target during this procedure?',
      options: ['Fluoroscopy', 'Ultrasound', 'CT', 'MRI', 'Anatomic landmarks / palpation, without imaging', 'Other (please specify): ___', 'Unable to determine'],
    });
  } else {
    if (!d.site) questions.push({ topic: 'Target', ask: 'What anatomic structure (and side) was the needle directed to?', options: ['Structure and side: ___', 'Other (please specify): ___', 'Unable to determine'] });
    if (!d.elements.imagesSaved.present) {
      questions.push({ topic: 'Image retention', ask: `Were images from the ${imaging} during this procedure retained, and if so where?`, options: ['Retained — location and number of images: ___', 'Not retained', 'Other (please specify): ___', 'Unable to determine'] });
    }
    if (!d.elements.interpretation.present) {
      questions.push({ topic: 'Image findings', ask: `What did the ${imaging} obtained during this procedure show?`, options: ['Findings: ___', 'The images were not reviewed', 'Other (please specify): ___', 'Unable to determine'] });
    }
    if (!d.elements.needleConfirmation.present) {
      questions.push({ topic: 'Final needle position', ask: 'How was the final needle position established?', options: [`On ${imaging} — views or method: ___`, 'By aspiration, loss of resistance or feel only', 'Not confirmed', 'Other (please specify): ___', 'Unable to determine'] });
    }
  }
  if (questions.length === 0) return null;

  const intro = 'Documentation clarification request. Please review the procedure note and, in your clinical judgment, add to the record what applies. Any answer, including "unable to determine", is acceptable.';
  const textOut = [
    `Physician query — ${r.source}`,
    '',
    intro,
    '',
    'What the record shows:',
    ...(shows.length ? shows.map((s) => `  - ${s}`) : ['  - (no related statements found)']),
    '',
    ...questions.flatMap((q, i) => [`${i + 1}. ${q.topic}: ${q.ask}`, ...q.options.map((o) => `   [ ] ${o}`), '']),
  ].join('\n');
  const markdown = [
    `# Physician query — ${r.source}`,
    '',
    intro,
    '',
    '## What the record shows',
    ...(shows.length ? shows.map((s) => `- ${s}`) : ['- (no related statements found)']),
    '',
    ...questions.flatMap((q, i) => [`## ${i + 1}. ${q.topic}`, '', q.ask, '', ...q.options.map((o) => `- [ ] ${o}`), '']),
  ].join('\n');
  const fhir = {
    resourceType: 'Communication',
    status: 'preparation',
    category: [{ text: 'Physician query (clinical documentation clarification)' }],
    topic: { text: `Documentation clarification: ${questions.map((q) => q.topic.toLowerCase()).join(', ')}` },
    about: [{ display: r.source }],
    payload: [
      { contentString: markdown },
      ...questions.map((q) => ({ contentString: `${q.ask} Options: ${q.options.join('; ')}` })),
    ],
    note: [{ text: 'Generated by guidelint from the note text; non-leading, answer options include other and unable to determine.' }],
  };
  return { text: textOut + '\n', markdown: markdown + '\n', fhir };
}

function label(element: string): string {
  return ({ guidanceSection: 'Imaging section', imagesSaved: 'Image retention', interpretation: 'Image findings', needleConfirmation: 'Needle position', fluoroscopyTime: 'Fluoroscopy time' } as Record<string, string>)[element] ?? element;
}
