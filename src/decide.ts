import type { Documentation, GuidanceCode } from './types.js';
import type { Facts } from './extract/facts.js';

/**
 * The documentation verdict exactly as the contract defines it: the guidance code the
 * documentation points to, and `supported`.
 */
export function decideDocumentation(f: Facts): Documentation {
  const needlePlacement = f.needle.present;
  const technique = needlePlacement ? f.technique.technique : 'unstated';
  const modality = technique === 'imaging' ? f.technique.modality : null;
  const site = needlePlacement ? f.site : null;
  let guidanceCode: GuidanceCode | null = null;
  if (technique === 'imaging' && needlePlacement) {
    if (modality === 'ultrasound') guidanceCode = '76942';
    else if (modality === 'ct') guidanceCode = '77012';
    else if (modality === 'mri') guidanceCode = '77021';
    else if (modality === 'fluoroscopy') {
      if (f.needle.centralVenous) guidanceCode = '77001';
      else if (site?.spinal === true) guidanceCode = '77003';
      else if (site?.spinal === false) guidanceCode = '77002';
    }
  }
  const { guidanceSection, imagesSaved, interpretation, needleConfirmation, fluoroscopyTime } = f.elements;
  const supported = technique === 'imaging' && guidanceCode !== null && imagesSaved.present && interpretation.present && needleConfirmation.present;
  return {
    technique,
    needlePlacement,
    modality,
    site,
    guidanceCode,
    supported,
    elements: {
      guidanceSection,
      imagesSaved,
      interpretation,
      needleConfirmation,
      fluoroscopyTime: { present: fluoroscopyTime.present, evidence: fluoroscopyTime.evidence, seconds: fluoroscopyTime.seconds },
    },
  };
}
