import { describe, it, expect } from 'vitest';
import { lint } from '../src/lint.js';

// The known classes of ConText scope bugs, pinned on whole notes.
const technique = (note: string) => lint(note).documentation.technique;

describe('context scope', () => {
  it('a negation after a section header applies to that header\'s content only', () => {
    expect(technique('FLUOROSCOPY: Not used.\nPROCEDURE: The right knee was injected with a 22-gauge needle.')).toBe('landmark');
    expect(technique('COMPLICATIONS: None.\nIMAGING GUIDANCE: Under fluoroscopy the needle entered the right knee joint.')).toBe('imaging');
  });
  it('"is negative for" negates what follows it', () => {
    const r = lint('The right knee was injected with a 22-gauge needle. Aspirate is negative for fluoroscopy.');
    expect(r.documentation.technique).toBe('landmark');
    expect(r.messages.find((m) => m.ruleId === 'landmark-technique')?.message).toContain("negated by 'negative for'");
  });
  it('"without evidence of intravascular uptake" affirms the imaging', () => {
    const r = lint('Right hip injection: contrast was injected under fluoroscopy without evidence of intravascular uptake. Images saved to PACS.');
    expect(r.documentation.technique).toBe('imaging');
    expect(r.documentation.elements.interpretation.present).toBe(true);
  });
  it('a negation ends at the sentence: "No complications. Fluoroscopy confirmed …"', () => {
    const r = lint('Right knee injection with a 22-gauge needle. No complications. Fluoroscopy confirmed the needle tip within the joint.');
    expect(r.documentation.technique).toBe('imaging');
    expect(r.documentation.elements.needleConfirmation.present).toBe(true);
  });
  it('a plan/follow-up section is not this procedure ("will use fluoroscopy next time")', () => {
    const r = lint('PROCEDURE: Left knee injection by palpation with a 25-gauge needle.\nPLAN: We will use fluoroscopy next time.');
    expect(r.documentation.technique).toBe('landmark');
  });
  it('hypothetical and historical mentions do not count as guidance', () => {
    expect(technique('Right shoulder injected with a 22-gauge needle. Will use fluoroscopy if aspiration fails.')).toBe('unstated');
    expect(technique('Right shoulder injected with a 22-gauge needle. Prior MRI showed a rotator cuff tear.')).toBe('unstated');
  });
  it('the message names the trigger that discounted a mention, with its position', () => {
    const r = lint('Right knee aspirated with an 18-gauge needle.\nFluoroscopy was not used.');
    const m = r.messages.find((m) => m.ruleId === 'landmark-technique')!;
    expect(m.message).toContain("'Fluoroscopy' at 2:1 is negated by 'was not used'");
  });
  it('a run-on clause with its own verb ends a negation ("without resistance, images saved …")', () => {
    const r = lint('Under fluoroscopy the needle was advanced into the right hip without resistance, 2 images saved to PACS, fluoroscopy time 0.2 min.');
    expect(r.documentation.elements.imagesSaved.present).toBe(true);
    expect(r.documentation.elements.fluoroscopyTime.seconds).toBe(12);
  });
});
