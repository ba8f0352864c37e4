import type { Span } from '../types.js';
import type { Facts } from '../extract/facts.js';
import { defineRule, describeDiscounted } from './define.js';

/**
 * The landmark words themselves ('palpation', 'landmarks palpated'), before a negated modality
 * that also made the technique landmark; that one is quoted with its negation ('ultrasound not
 * used'), never as the bare modality name, which would read as imaging documented.
 */
function landmarkWords(facts: Facts): Span | undefined {
  const negated = new Map(facts.technique.discounted.map((m) => [m.span.offset, m]));
  const words = facts.technique.evidence.find((s) => !negated.has(s.offset));
  if (words) return words;
  const first = facts.technique.evidence[0];
  const trigger = first && negated.get(first.offset)?.assertion.trigger;
  if (!first || !trigger) return first;
  return facts.note.index.span(Math.min(first.offset, trigger.start), Math.max(first.endOffset, trigger.end));
}

export default defineRule({
  id: 'landmark-technique',
  kind: 'documentation',
  check({ doc, facts }, report) {
    if (!doc.needlePlacement || doc.technique !== 'landmark') return;
    const at = landmarkWords(facts) ?? facts.anchor;
    report({
      at,
      messageId: 'landmark',
      data: { text: at.text, discounted: describeDiscounted(facts) },
      expected: 'imaging guidance of the needle',
      actual: at.text,
      suggestion: 'Remove the guidance code; if imaging was in fact used, document: "Under ___ guidance the needle was placed; images saved to ___."',
    });
  },
});
