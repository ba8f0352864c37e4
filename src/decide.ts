import type { Documentation, DocumentedElement, GuidanceCode } from './types.js';
import type { Facts } from './extract/facts.js';
import { requiredPresent, type ElementNeed, type ElementSpec } from './grammar/elements.js';

/**
 * The documentation verdict exactly as the contract defines it: the guidance code the
 * documentation points to, and `supported` (every required element that applies is present).
 */
export function decideDocumentation(f: Facts, specs: ElementSpec[], needs?: Record<string, ElementNeed>): Documentation {
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
  const elements: Record<string, DocumentedElement> = {};
  for (const spec of specs) {
    const { present, evidence, seconds } = f.elements[spec.name];
    elements[spec.name] = spec.kind === 'duration' ? { present, evidence, seconds: seconds ?? null } : { present, evidence };
  }
  const supported = technique === 'imaging' && guidanceCode !== null && requiredPresent(specs, { technique, modality, elements }, needs);
  return { technique, needlePlacement, modality, site, guidanceCode, supported, elements };
}
