import { describe, it, expect } from 'vitest';
import { lint } from '../src/lint.js';

// How clinicians write the documentation elements, each rule with phrasings it must read and near
// misses it must not (none taken from a corpus note).
const FLUORO = 'PROCEDURE: Right knee injection.\nUnder fluoroscopic guidance a 22-gauge spinal needle was used.\n\n';
const US = 'PROCEDURE: Aspiration.\nUnder ultrasound guidance a 20-gauge needle was used.\n\n';
const doc = (note: string) => lint(note).documentation;
const el = (note: string, name: string) => doc(note).elements[name];

describe('a field and its answer', () => {
  it('an option of a tick-box group counts only when ticked', () => {
    expect(el(`${US}Images: [ ] saved to PACS  [x] not retained`, 'imagesSaved').present).toBe(false);
    expect(el(`${US}Images: [x] saved to PACS  [ ] not retained`, 'imagesSaved').present).toBe(true);
  });
});

describe('interpretation', () => {
  const found = (note: string) => el(note, 'interpretation').present;
  it("a study of a modality this procedure used (its time recorded) is this procedure's imaging", () => {
    const op = 'OPERATIVE REPORT\nPROCEDURE: Open reduction of the left distal radius.\nFLUOROSCOPY: C-arm, 25 seconds\n\nDESCRIPTION: The fracture was reduced and plated.';
    expect(found(`${op} Fluoroscopy showed restoration of radial height.`)).toBe(true);
    expect(found(`${op} An MRI last month showed a TFCC tear.`)).toBe(false);
  });
  it('what cement or contrast did not do, as the images showed', () => {
    expect(found(`${FLUORO}No cement leakage into the canal on the lateral view.`)).toBe(true);
    expect(found(`${FLUORO}Without extravasation of contrast beyond the capsule.`)).toBe(true);
    expect(found(`${FLUORO}No CSF leak after the needle was withdrawn.`)).toBe(false);
  });
  it('a vein as the ultrasound found it before access', () => {
    expect(found(`${US}Left cephalic vein 4 mm, fully compressible.`)).toBe(true);
    expect(found(`${US}Compression stockings were continued.`)).toBe(false);
  });
  it('what a scan after the needle, or a repeat one, found', () => {
    expect(found(`${US}Post biopsy scan: no perisplenic fluid.`)).toBe(true);
    expect(found(`${US}Repeat scan showed trace residual fluid.`)).toBe(true);
    expect(found(`${US}Post-procedure CXR: ordered.`)).toBe(false);
    expect(found(`${US}Repeat scan in six weeks.`)).toBe(false);
  });
  it('a target found with the bedside ultrasound', () => {
    expect(found(`${US}A 4 cm pocket of ascites was localized with bedside ultrasound in the left lower quadrant.`)).toBe(true);
    expect(found(`${US}Ascites was noted on exam.`)).toBe(false);
  });
  it("an obstetric scan's findings before the needle", () => {
    expect(found(`${US}Placenta anterior. Fetal heart motion present.`)).toBe(true);
    expect(found(`${US}Placenta delivered intact.`)).toBe(false);
  });
  it("a filling defect on this procedure's contrast images, not a diagnostic angiogram's", () => {
    const noNeedle = 'OPERATIVE NOTE\nCystoscopy with left retrograde pyelogram.\n';
    expect(found(`${noNeedle}Bilateral RPGs via open-ended catheter under fluoro, normal collecting systems, no filling defects.`)).toBe(true);
    expect(found('CT ANGIOGRAM OF THE CHEST\nIMPRESSION: No filling defects in the pulmonary arteries.')).toBe(false);
  });
  it("radiographs of a body part are a diagnostic study, not this procedure's images", () => {
    expect(found(`${US}Radiographs of both hands show marginal erosions.`)).toBe(false);
    expect(found(`${FLUORO}Spot radiographs showed the needle in the joint.`)).toBe(true);
  });
});

describe('needle confirmation', () => {
  const found = (note: string) => el(note, 'needleConfirmation').present;
  it("an image's finding in a relative clause", () => {
    expect(found(`${FLUORO}A lateral image was then taken, which showed the needle in the L3-4 disc.`)).toBe(true);
    expect(found(`${FLUORO}A lateral image was then taken, which was saved.`)).toBe(false);
  });
  it('a drain placed over the needle, seen in its target', () => {
    expect(found('CT-guided drainage.\nUnder CT guidance an 18-gauge needle was advanced.\nCT images demonstrate the drain coiled within the abscess.')).toBe(true);
  });
  it('the needle through its target as the post-fire images show it', () => {
    expect(found(`${US}Four passes were made with the needle traversing the lesion each time (post-fire images).`)).toBe(true);
    expect(found(`${US}Post-fire images were saved.`)).toBe(false);
  });
  it('the needle advanced to its final place', () => {
    expect(found(`${US}The needle tip was advanced in plane under continuous visualization to lie deep to the fascia iliaca.`)).toBe(true);
    expect(found(`${US}The patient was asked to lie supine with the hip extended.`)).toBe(false);
  });
});

describe('images saved', () => {
  const found = (note: string) => el(note, 'imagesSaved').present;
  it('images kept in the record', () => {
    expect(found(`${US}Still images were kept in the media tab of the chart.`)).toBe(true);
    expect(found(`${US}The patient was kept NPO.`)).toBe(false);
  });
  it('the views named by their projections', () => {
    expect(found(`${FLUORO}AP and lateral saved.`)).toBe(true);
    expect(found(`${FLUORO}AP and lateral obtained.`)).toBe(false);
  });
});

describe('guidance section', () => {
  const found = (note: string) => el(note, 'guidanceSection').present;
  it('a bare "Interpretation:" header names no imaging', () => {
    expect(found(`${US}Interpretation: needle tip within the effusion.`)).toBe(false);
  });
  it('a bulleted field named by the modality', () => {
    expect(found(`${FLUORO}- Prone\n- fluoro: 1.2 min\n- dressing`)).toBe(true);
  });
  it('a fluoroscopy time dictated on a line of its own, its colon unspoken', () => {
    expect(found(`${FLUORO}fluoro time forty seconds\n\ncomplications none`)).toBe(true);
    expect(found(`${FLUORO}The needle was removed. Fluoroscopy time was 40 seconds.`)).toBe(false);
  });
});

describe('fluoroscopy time', () => {
  it("a time just before the modality's word", () => {
    expect(el(`${FLUORO}30 sec fluoro.`, 'fluoroscopyTime').seconds).toBe(30);
    expect(el(`${FLUORO}10 mL of contrast under fluoro.`, 'fluoroscopyTime').seconds).toBeNull();
  });
});
