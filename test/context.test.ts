import { describe, it, expect } from 'vitest';
import { classifyMention } from '../src/context/context.js';

describe('classifyMention', () => {
  const cases: [string, string, 'negated' | 'hypothetical' | 'historical' | 'affirmed'][] = [
    ['Fluoroscopy was not needed for this injection.', 'fluoroscopy', 'negated'],
    ['No fluoroscopy was used.', 'fluoroscopy', 'negated'],
    ['The injection was performed without fluoroscopic guidance.', 'fluoroscopic', 'negated'],
    ['Contrast was injected under fluoroscopy without evidence of intravascular uptake.', 'fluoroscopy', 'affirmed'],
    ['No intravascular uptake was seen on fluoroscopy.', 'fluoroscopy', 'affirmed'],
    ['Will use fluoroscopy if aspiration fails.', 'fluoroscopy', 'hypothetical'],
    ['We will use fluoroscopy next time.', 'fluoroscopy', 'hypothetical'],
    ['Prior CT showed a 2 cm lesion.', 'CT', 'historical'],
    ['The chest x-ray is negative for pneumothorax.', 'pneumothorax', 'negated'],
    ['Patient denies fever but reports chills.', 'chills', 'affirmed'],
    ['Patient denies fever but reports chills.', 'fever', 'negated'],
    ['Under live fluoroscopy the needle was advanced.', 'fluoroscopy', 'affirmed'],
  ];
  for (const [sentence, target, expected] of cases) {
    it(`${expected}: "${target}" in "${sentence}"`, () => {
      const a = classifyMention(sentence, target);
      const got = a.negated ? 'negated' : a.hypothetical ? 'hypothetical' : a.historical ? 'historical' : 'affirmed';
      expect(got).toBe(expected);
      if (expected !== 'affirmed') expect(a.trigger?.text).toBeTruthy();
    });
  }
});

describe('other-procedure mentions', () => {
  it('a device placed by another team is not this procedure', () => {
    const a = classifyMention('The localization needle was placed earlier by radiology.', 'needle');
    expect(a.historical).toBe(true);
    expect(a.trigger?.category).toBe('other-procedure');
  });
});

// Time and hypothesis in procedure-note language (none of these sentences is from the NegEx set)
describe('temporal and hypothetical context', () => {
  const read = (sentence: string, target: string) => {
    const a = classifyMention(sentence, target);
    return a.negated ? 'negated' : a.hypothetical ? 'hypothetical' : a.historical ? 'historical' : 'affirmed';
  };
  const cases: [string, string, 'negated' | 'hypothetical' | 'historical' | 'affirmed'][] = [
    // historical: dates, years, spans of time, history lists, pluperfect procedures
    ['In 2019 she had a CT-guided biopsy of the left adrenal.', 'CT', 'historical'],
    ['On 11/04 a paracentesis was done under ultrasound.', 'ultrasound', 'historical'],
    ['MRI lumbar spine (outside, 6 weeks ago): L4-5 disc protrusion.', 'MRI', 'historical'],
    ['Two years ago he had a fluoroscopically guided L5-S1 epidural.', 'fluoroscopically', 'historical'],
    ['Last month an ultrasound showed a Baker cyst.', 'ultrasound', 'historical'],
    ['Radiographs (3 views, last month): no fracture.', 'Radiographs', 'historical'],
    ['PAST MEDICAL HISTORY: hypertension, diabetes, lumbar fusion and a CT-guided lung biopsy.', 'lung biopsy', 'historical'],
    ['Past surgical history is significant for knee arthroscopy and a fluoroscopic hip injection.', 'hip injection', 'historical'],
    ['He has a history   of  ultrasound-guided thyroid biopsies.', 'ultrasound', 'historical'],
    ['Previously injected under fluoroscopy with good relief.', 'fluoroscopy', 'historical'],
    ['Status post fluoroscopic L4-5 transforaminal injection.', 'fluoroscopic', 'historical'],
    ['She underwent an ultrasound-guided biopsy of the thyroid.', 'ultrasound', 'historical'],
    // not historical: an age, the present illness, a history of days, simple past narrative
    ['This 65-year-old woman had the knee injected under fluoroscopy.', 'fluoroscopy', 'affirmed'],
    ['HISTORY OF PRESENT ILLNESS: fluoroscopy-guided injection requested for hip pain.', 'fluoroscopy', 'affirmed'],
    ['A two-day history of knee swelling; aspirated under ultrasound.', 'ultrasound', 'affirmed'],
    ['She had the joint aspirated under ultrasound guidance.', 'ultrasound', 'affirmed'],
    ['65 yo with a history of knee OA here today for ultrasound-guided injection.', 'ultrasound', 'affirmed'],
    ['The effusion is mottled as previously noted on fluoroscopy.', 'effusion', 'affirmed'],
    ['Effusion not seen.', 'Effusion', 'negated'],
    ['1) Severe esophagitis s/p biopsy 2) Hiatal hernia under fluoroscopy.', 'fluoroscopy', 'affirmed'],
    // hypothetical: conditions over their lists, return precautions, plans
    ['Fluoroscopy will be used if needed.', 'Fluoroscopy', 'hypothetical'],
    ['We may use ultrasound at the next visit.', 'ultrasound', 'hypothetical'],
    ['Would consider CT guidance for a repeat attempt.', 'CT', 'hypothetical'],
    ['Should the landmark approach fail, ultrasound guidance will be used.', 'ultrasound', 'hypothetical'],
    ['Plan: schedule fluoroscopic injection of the right SI joint.', 'fluoroscopic', 'hypothetical'],
    ['Return for repeat injection under fluoroscopy in 3 months.', 'fluoroscopy', 'hypothetical'],
    ['Call for any fever, redness, swelling, drainage from the site or increasing pain.', 'increasing pain', 'hypothetical'],
    ['Return to the emergency department if she develops fever, chills, redness, swelling, or bleeding at the puncture site.', 'bleeding', 'hypothetical'],
    ['Notify the physician if any of the following occur: fever, swelling, numbness or bleeding.', 'bleeding', 'hypothetical'],
    ['Ultrasound available in case the aspiration is dry.', 'aspiration', 'hypothetical'],
    ['Repeat aspiration as needed under ultrasound.', 'ultrasound', 'hypothetical'],
    ['The patient cannot come back for the fluoroscopy suite, so a landmark injection was done.', 'fluoroscopy', 'hypothetical'],
    // a season with its year, a memory, the letter's reader as the operator, a separate note pointed to
    ['He had a lumbar epidural in autumn 2020 that helped for months.', 'epidural', 'historical'],
    ['A knee aspiration was done this morning; summer camp forms were signed.', 'aspiration', 'affirmed'],
    ['He recalls an epidural steroid injection that helped.', 'epidural', 'historical'],
    ['The patient was recalled for a repeat biopsy and the biopsy was performed.', 'repeat biopsy', 'affirmed'],
    ['As you know, you injected his shoulder with steroid in clinic.', 'shoulder', 'historical'],
    ['Popliteal block performed by anesthesia; please refer to their separate procedure note.', 'Popliteal block', 'historical'],
    // offered, declined; "prior to" a step of this procedure
    ['Popliteal block offered by anesthesia at the preoperative visit.', 'Popliteal block', 'hypothetical'],
    ['We have offered a fluoroscopic sacroiliac injection, which she will think about.', 'sacroiliac injection', 'hypothetical'],
    ['We can aspirate the knee at his next appointment under ultrasound.', 'ultrasound', 'hypothetical'],
    // the patient who "had a" procedure, with no verb placing it here, tells the past
    ['Her shoulder settled after she had a cortisone injection at that visit.', 'cortisone injection', 'historical'],
    ['He had a caudal block placed by anesthesia before the incision.', 'caudal block', 'affirmed'],
    ['Ultrasound not feasible during compressions.', 'Ultrasound', 'negated'],
    ['The relief offered by the injection was partial.', 'injection', 'affirmed'],
    ['Interscalene block discussed in holding, patient declined.', 'Interscalene block', 'negated'],
    ['The patient declined sedation and the knee was then aspirated.', 'aspirated', 'affirmed'],
    ['Prior to incision, a spinal needle was placed under fluoroscopy to confirm the level.', 'spinal needle', 'affirmed'],
    ['Prior to admission she had a lumbar puncture at another hospital.', 'lumbar puncture', 'historical'],
    // a dictated paragraph opening with its spoken label "plan"
    ['plan lumbar puncture with opening pressure under fluoroscopy next week', 'lumbar puncture', 'hypothetical'],
    ['Plan was explained and the lumbar puncture was performed at L3-4.', 'lumbar puncture', 'affirmed'],
    // negation with uneven spacing and line wraps
    ['Fluoroscopy   was not\nused.', 'Fluoroscopy', 'negated'],
    ['His swelling resolved.', 'swelling', 'negated'],
    ['The aspirate is negative.', 'aspirate', 'negated'],
  ];
  for (const [sentence, target, expected] of cases) it(`${expected}: "${target}" in "${sentence}"`, () => expect(read(sentence, target)).toBe(expected));
});

describe('uneven whitespace', () => {
  it('a trigger spread over spaces and a line break is found, with its offsets in the original text', () => {
    const sentence = 'Fluoroscopy   was  not\n  used \t after all.';
    const a = classifyMention(sentence, 'Fluoroscopy');
    expect(a.negated).toBe(true);
    expect(a.trigger!.text).toBe('was  not\n  used');
    expect(sentence.slice(a.trigger!.start, a.trigger!.end)).toBe('was  not\n  used');
  });
  it('offsets after several runs still map back ("history   of" after a tab)', () => {
    const sentence = '  He\thas  a history   of ultrasound-guided biopsies.';
    const a = classifyMention(sentence, 'ultrasound');
    expect(a.historical).toBe(true);
    expect(sentence.slice(a.trigger!.start, a.trigger!.end)).toBe('history   of');
  });
});
