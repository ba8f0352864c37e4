// When a note documents a needle placed here: rules of language behind needlePlacement, each with a
// phrasing that must count and a near miss that must not (none taken from a corpus note).
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';

const needle = (text: string) => lint(text).documentation.needlePlacement;

describe('needle placement: what the sentence says the needle is for', () => {
  it('a needle placed before the incision to find the level counts; local anesthetic before the incision does not', () => {
    const op = (step: string) => `PROCEDURE: Left L5-S1 laminotomy.\n\nDESCRIPTION: The patient was positioned prone, prepped and draped. ${step} A 3 cm skin incision was made and dissection was carried down to the lamina. Closed in layers.\n`;
    expect(needle(op('Before the skin incision, a 20-gauge spinal needle was inserted and a lateral C-arm image confirmed the L5-S1 level.'))).toBe(true);
    expect(needle(op('Before the skin incision, 10 mL of 1% lidocaine with epinephrine was infiltrated with a 25-gauge needle.'))).toBe(false);
  });

  it('a dialysis run through fistula needles is routine cannulation; a fistula entered for a fistulogram is access', () => {
    expect(needle('DIALYSIS NURSING NOTE\n\nPatient dialyzed through the left upper arm AVF with two 15-gauge needles, blood flow 400.\n')).toBe(false);
    expect(needle('PROCEDURE: Left arm fistulogram.\n\nTECHNIQUE: The left AVF was accessed with a 21-gauge micropuncture needle under ultrasound and a 5 French sheath was placed.\n')).toBe(true);
  });

  it('a prostate biopsy is a needle biopsy; one only planned is not', () => {
    expect(needle('PROCEDURE: Transrectal prostate biopsy, 12 cores.\n\nThe probe was inserted and the gland sampled systematically.\n')).toBe(true);
    expect(needle('HISTORY: PSA rising.\n\nPLAN: Transperineal prostate biopsy next month.\n')).toBe(false);
  });

  it('a periprostatic block, or a block of "lido", is a nerve block', () => {
    expect(needle('ANESTHESIA: Bilateral periprostatic block.\n\nPROCEDURE: Cystoscopy.\n')).toBe(true);
    expect(needle('ANESTHESIA: Block with 1% lido at each seminal vesicle base.\n\nPROCEDURE: Cystoscopy.\n')).toBe(true);
    expect(needle('ANESTHESIA: General.\n\nPROCEDURE: Cystoscopy with bladder biopsy using cold cup forceps.\n')).toBe(false);
  });

  it('"following injection," points back to an injection and names none of its own', () => {
    const mri = 'MRI LEFT HIP WITH IV CONTRAST\n\nTECHNIQUE: Gadolinium 15 mL was given through a forearm IV. After injection, the patient walked for ten minutes before imaging.\n\nFINDINGS: No labral tear.\n';
    expect(needle(mri)).toBe(false);
    expect(needle('PROCEDURE: Subacromial injection.\n\nAfter injection of 40 mg Kenalog into the subacromial bursa, range of motion improved.\n')).toBe(true);
  });

  it('a note titled as an evaluation before a procedure plans the blocks it names; a procedure note with such a section does not', () => {
    const plan = 'Anesthetic plan:\nPrimary: [x] spinal  [ ] GA\nRegional: [x] adductor canal block under ultrasound  [ ] none';
    expect(needle(`PRE-ANESTHESIA EVALUATION\n\nProposed surgery: left total knee arthroplasty.\n${plan}\n`)).toBe(false);
    expect(needle(`Preoperative assessment - anesthesia clinic\n\nASA 2.\n${plan}\n`)).toBe(false);
    expect(needle('PROCEDURE NOTE: Adductor canal block\n\nPre-anesthesia evaluation: ASA 2, airway normal.\n\nTECHNIQUE: Under ultrasound a 21-gauge block needle was advanced beside the saphenous nerve and 20 mL ropivacaine injected.\n')).toBe(true);
  });

  it('"epidural" naming a scar or fibrosis is a finding; an epidural injection is a needle', () => {
    expect(needle('MRI LUMBAR SPINE WITH CONTRAST\n\nFINDINGS: L5-S1: enhancing epidural fibrosis along the right laminotomy surrounds the S1 root.\n\nIMPRESSION: Postoperative epidural scar, no recurrent disc.\n')).toBe(false);
    expect(needle('OPERATIVE REPORT\n\nPROCEDURE: Revision L5-S1 laminotomy.\n\nDESCRIPTION: The old incision was opened and the epidural scar was dissected off the dura with a Penfield. Closed in layers.\n')).toBe(false);
    expect(needle('PROCEDURE: Right L5-S1 interlaminar epidural injection.\n\nThe epidural space was entered by loss of resistance and 80 mg Depo-Medrol injected.\n')).toBe(true);
  });

  it('an anesthetic "found to be adequate" is tested, not placed; the anesthesia field names the block placed', () => {
    const op = (anesthesia: string) => `OPERATIVE REPORT\n\nPROCEDURE: Vaginal hysterectomy.\nANESTHESIA: ${anesthesia}\n\nDESCRIPTION: The patient was brought to the OR, where spinal anesthesia was found to be adequate. She was prepped and draped and a circumferential incision was made around the cervix. Closed in layers.\n`;
    expect(needle(op('see the separate anesthesia record.'))).toBe(false);
    expect(needle(op('Spinal.'))).toBe(true);
  });

  it('an anesthesia field\'s own label ("Regional:") asserts nothing; its value does', () => {
    expect(needle('ANESTHESIA: General. Regional: declined.\n\nPROCEDURE: Open carpal tunnel release.\n')).toBe(false);
    expect(needle('ANESTHESIA: General. Regional: supraclavicular block.\n\nPROCEDURE: Open carpal tunnel release.\n')).toBe(true);
  });
});

describe('needle placement: what kind of section holds it', () => {
  it('"Proc:" heads the procedure of a clinic note; a plan does not', () => {
    expect(needle('HPI: 60M with a right thyroid nodule.\nProc: FNA of the right thyroid nodule, 25 g needle, 3 passes.\n')).toBe(true);
    expect(needle('HPI: 60M with a right thyroid nodule.\nPlan: FNA of the right thyroid nodule next week.\n')).toBe(false);
  });

  it('an ALL-CAPS heading, a dash and its subject, heads its section ("PROCEDURE - knee aspiration")', () => {
    const visit = (heading: string) => `SUBJECTIVE\nKnee swelling for a week.\n\nASSESSMENT\nKnee effusion.\n\n${heading}\n* Verbal consent, betadine prep\n* 18 g needle into the suprapatellar pouch, 30 mL straw fluid withdrawn\n`;
    expect(needle(visit('PROCEDURE - left knee aspiration'))).toBe(true);
    expect(needle('SUBJECTIVE\nKnee swelling for a week.\n\nPLAN - left knee aspiration at the next visit\n* ice, elevation\n')).toBe(false);
  });

  it('a hospital course by problem reports procedures done elsewhere', () => {
    expect(needle('DISCHARGE NOTE\n\nHOSPITAL COURSE BY PROBLEM:\n1. Ascites. Paracentesis removed 4 L on day 2.\n')).toBe(false);
    expect(needle('PROCEDURE: Paracentesis.\n\nCOURSE: A 5 French catheter was advanced into the left lower quadrant and 4 L removed.\n')).toBe(true);
  });

  it('"Prior anesthesia:" lists anesthetics of the past', () => {
    expect(needle('ANESTHESIA NOTE\n\nProcedure: Left knee arthroscopy.\nPrior anesthesia: a spinal was placed for her hernia repair, no problems.\n')).toBe(false);
    expect(needle('OPERATIVE NOTE\n\nProcedure: Left knee arthroscopy.\nAnesthesia: spinal.\n')).toBe(true);
  });
});
