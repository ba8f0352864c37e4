import { describe, it, expect } from 'vitest';
import { lint } from '../src/lint.js';

// Words that make an element's phrase speak of imaging, read in notes that name no guidance (where
// the phrase itself must carry the imaging word).
const elements = (note: string) => lint(note).documentation.elements;

describe('imaging words of the element phrases', () => {
  it('"lateral to" is a direction, not the lateral view', () => {
    const e = elements('PROCEDURE: Left wrist block.\nA 25-gauge needle tip was placed just lateral to the ulnar artery and 4 mL injected.');
    expect(e.needleConfirmation.present).toBe(false);
    expect(e.interpretation.present).toBe(false);
  });
  it('the lateral view still names the imaging', () => {
    const e = elements('PROCEDURE: Right L4-5 facet injection.\nThe needle tip was seen within the joint on the lateral view.');
    expect(e.needleConfirmation.present).toBe(true);
  });
});
