// How the needle's way was found: rules of language behind technique (imaging / landmark / unstated),
// each with a phrasing that must count and a near miss that must not (none taken from a corpus note).
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const doc = (text: string) => lint(text).documentation;
const technique = (text: string) => doc(text).technique;

describe('technique: landmark language', () => {
  it('a guidance field answered "No" and then explained says no imaging was used', () => {
    const note = (answer: string) => `PROCEDURE: Right subacromial injection.\nUltrasound guidance: ${answer}\nA 25-gauge needle was advanced posteriorly and 40 mg Kenalog injected.\n`;
    expect(technique(note('No - posterior approach by feel'))).toBe('landmark');
    expect(technique(note('No, not required'))).toBe('landmark');
    expect(technique(note('Yes - in-plane approach, needle seen in the bursa'))).toBe('imaging');
  });

  it('a needle entry measured above a landmark is landmark technique; an incision or port so measured is not', () => {
    expect(technique('PROCEDURE: Suprapubic bladder aspiration.\nTwo fingerbreadths above the pubic symphysis a 22-gauge spinal needle was advanced until urine returned.\n')).toBe('landmark');
    expect(technique('PROCEDURE: Suprapubic bladder aspiration.\nAn old port scar lies 2 cm above the umbilicus. A 22-gauge spinal needle was advanced into the bladder until urine returned.\n')).toBe('unstated');
  });

  it('an entry at a fraction of a bony line is landmark technique; a catheter tip at a junction is not', () => {
    expect(technique('PROCEDURE: Right subclavian central line.\nAn 18-gauge needle entered 1 cm below the junction of the medial and middle thirds of the clavicle, Seldinger technique, triple-lumen catheter placed.\n')).toBe('landmark');
    expect(technique('PROCEDURE: Right subclavian central line.\nAn 18-gauge needle entered the vein, Seldinger technique, triple-lumen catheter placed; the tip lies at the junction of the superior vena cava and right atrium.\n')).toBe('unstated');
  });

  it('a needle "at" or "over" a crease names the target\'s place; "distal to" a crease sets the entry by it', () => {
    expect(technique('Left long finger trigger digit. Alcohol prep, 27-gauge needle into the flexor sheath at the A1 pulley over the distal palmar crease, 20 mg Kenalog injected.\n')).toBe('unstated');
    expect(technique('Left long finger trigger digit. Alcohol prep, 27-gauge needle entered 1 cm distal to the distal palmar crease into the flexor sheath, 20 mg Kenalog injected.\n')).toBe('landmark');
  });
});

describe('technique: a modality named but not used', () => {
  it('imaging a clinic has ("is available here") is a resource; imaging that was used counts', () => {
    const note = (sentence: string) => `PROCEDURE: Left knee aspiration.\nAn 18-gauge needle entered the suprapatellar pouch by palpation and 35 mL yellow fluid was withdrawn. ${sentence}\n`;
    expect(technique(note('Ultrasound guidance is available in this office for a harder knee.'))).toBe('landmark');
    expect(technique(note('Ultrasound guidance was used to find the largest pocket.'))).toBe('imaging');
  });

  it('imaging "not feasible" was not used', () => {
    const note = (why: string) => `PROCEDURE: Emergent left femoral venous line.\n${why} An 18-gauge needle was directed medial to the femoral pulse, Seldinger technique, triple-lumen catheter placed.\n`;
    expect(technique(note('Ultrasound not feasible with ongoing compressions.'))).toBe('landmark');
    expect(technique(note('Surgery not feasible; under ultrasound guidance the vein was found.'))).toBe('imaging');
  });

  it('echocardiography guiding a needle is ultrasound; an echo finding is a study', () => {
    const echo = doc('PROCEDURE: Pericardiocentesis.\nEcho-guided apical approach; an 18-gauge needle entered the pericardial space and 300 mL serous fluid was drained.\n');
    expect([echo.technique, echo.modality, echo.guidanceCode]).toEqual(['imaging', 'ultrasound', '76942']);
    expect(technique('PROCEDURE: Pericardiocentesis.\nLarge effusion by echo. An 18-gauge needle entered the pericardial space subxiphoid and 300 mL serous fluid was drained.\n')).toBe('unstated');
  });
});
