import { elementApplies, elementNeed, type ElementSpec } from '../grammar/elements.js';

import { defineRule, type Rule } from './define.js';

/**
 * One rule per documentation element, written once: when the element applies (imaging guided
 * the needle, with the element's modality if it names one) and is absent, say so where the
 * guidance is documented. Its id, texts (message `missing`), docs and examples are the
 * element's grammar file's. An element the configuration makes required is an error whatever
 * the registry's severity.
 */
export function elementMissingRule(spec: ElementSpec): Rule {
  const { expected, suggestion } = spec.rule;
  return defineRule({
    id: spec.rule.id,
    kind: 'documentation',
    check({ doc, facts, needs }, report) {
      if (!elementApplies(spec, doc) || doc.elements[spec.name].present) return;
      const raised = spec.need !== 'required' && elementNeed(spec, needs) === 'required';
      report({ at: facts.technique.evidence[0] ?? facts.anchor, messageId: 'missing', expected, suggestion, ...(raised ? { severity: 'error' as const } : {}) });
    },
  }, spec.rule);
}
