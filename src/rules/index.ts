import type { Rule } from './define.js';
import { grammars } from '../grammar/index.js';
import { elementMissingRule } from './element-missing.js';
import { requiredFirst } from '../grammar/elements.js';
import noNeedlePlacement from './no-needle-placement.js';
import guidanceNotDocumented from './guidance-not-documented.js';
import landmarkTechnique from './landmark-technique.js';
import fluoroscopyTimeUnitless from './fluoroscopy-time-unitless.js';
import siteUndetermined from './site-undetermined.js';
import siteCodeAmbiguous from './site-code-ambiguous.js';
import spinalSite from './spinal-site.js';
import centralVenousAccess from './central-venous-access.js';
import nonFluoroscopicModality from './non-fluoroscopic-modality.js';
import templatePlaceholder from './template-placeholder.js';
import procedureIncludesGuidance from './procedure-includes-guidance.js';
import addonWithoutPrimary from './claim/addon-without-primary.js';
import guidanceWithoutProcedure from './claim/guidance-without-procedure.js';
import guidanceIncludedInPrimary from './claim/guidance-included-in-primary.js';
import primaryWithoutImaging from './claim/primary-without-imaging.js';
import standaloneFluoroscopy from './claim/standalone-fluoroscopy.js';
import primarySiteCode from './claim/primary-site-code.js';
import guidanceCodesCombined from './claim/guidance-codes-combined.js';
import nonFluoroscopicCodeMismatch from './claim/non-fluoroscopic-code-mismatch.js';
import codeSiteMismatch from './claim/code-site-mismatch.js';
import codeModalityMismatch from './claim/code-modality-mismatch.js';
import unitsExceedEncounter from './claim/units-exceed-encounter.js';
import modifierUnbundling from './claim/modifier-unbundling.js';
import professionalComponentModifier from './claim/professional-component-modifier.js';
import diagnosisSiteMismatch from './claim/diagnosis-site-mismatch.js';
import documentationInsufficient from './claim/documentation-insufficient.js';
import unknownCode from './claim/unknown-code.js';
import guidanceDocumentedNotBilled from './claim/guidance-documented-not-billed.js';
import guidanceInclusionOpen from './claim/guidance-inclusion-open.js';
import facilityCodeOnPhysicianClaim from './claim/facility-code-on-physician-claim.js';
import modifierLateralityMismatch from './claim/modifier-laterality-mismatch.js';

/** Every rule, documentation rules first, in the contract's order. */
export const rules: Rule[] = [
  noNeedlePlacement,
  guidanceNotDocumented,
  landmarkTechnique,
  // the elements' rules (grammars/elements/), required elements first
  ...requiredFirst(grammars().elements).map(elementMissingRule),
  fluoroscopyTimeUnitless,
  siteUndetermined,
  siteCodeAmbiguous,
  spinalSite,
  centralVenousAccess,
  nonFluoroscopicModality,
  templatePlaceholder,
  procedureIncludesGuidance,
  addonWithoutPrimary,
  guidanceWithoutProcedure,
  guidanceIncludedInPrimary,
  primaryWithoutImaging,
  standaloneFluoroscopy,
  primarySiteCode,
  guidanceInclusionOpen,
  facilityCodeOnPhysicianClaim,
  guidanceCodesCombined,
  codeSiteMismatch,
  codeModalityMismatch,
  nonFluoroscopicCodeMismatch,
  unitsExceedEncounter,
  modifierUnbundling,
  professionalComponentModifier,
  diagnosisSiteMismatch,
  documentationInsufficient,
  unknownCode,
  guidanceDocumentedNotBilled,
  modifierLateralityMismatch,
];

export const ruleById = new Map(rules.map((r) => [r.id, r]));
