// Generated from grammars/schema/element.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export type ElementFile = {
  /**
   * the key in documentation.elements
   */
  name: string;
  /**
   * position in documentation.elements
   */
  order: number;
  /**
   * how people read the element's name (page, query, reports)
   */
  label: string;
  /**
   * required elements decide `supported`; a configuration may change this
   */
  need: 'required' | 'recommended';
  /**
   * asked for when imaging guided the needle, or only when it was this modality
   */
  when: 'imaging' | 'fluoroscopy' | 'ultrasound' | 'ct' | 'mri';
  kind: 'phrase' | 'section' | 'duration';
  /**
   * the field in a gold label's elements (default: name); a duration's holds seconds
   */
  gold?: string;
  /**
   * phrase: only the parts that narrate this procedure, or the whole note
   */
  scope?: 'procedure' | 'note';
  patterns?: Patterns;
  phrase?: {
    /**
     * inside: the hit's own words may negate it ("no images were saved")
     */
    assertion?: 'around' | 'inside';
    /**
     * a template blank right after the hit voids it ("Images saved: ***")
     */
    blankFieldAfter?: boolean;
    /**
     * a field's answer right after the hit that voids it ("Images saved: No")
     */
    answeredNo?: string;
    /**
     * sentences about an earlier study do not count unless they also name this procedure's imaging
     */
    skipStudySentences?: boolean;
    sentenceMustMatch?: Patterns;
    imagingWords?: Patterns1;
    notByImaging?: Patterns;
  };
  section?: {
    category: string;
    aboutThis: Patterns;
    inlineLabels?: Patterns2;
    labelsNot?: Patterns3;
  };
  duration?: {
    labels: Patterns;
    weakLabels: Patterns;
    trailing: Patterns;
    doseUnits: string;
    value: {
      lead: string[];
      seconds: string;
      minutes: string;
      hours: string;
      /**
       * words of a number said aloud, alternatives
       */
      numberWords: string;
      /**
       * characters a value with its unit may stand past the label
       */
      skip: number;
    };
    bareTime: string;
    bareTimeNeeds: string;
    clockTimeBefore: string;
  };
  /**
   * the element's rule (src/rules/element-missing.ts): as grammars/schema/rule.schema.json, with one message, missing
   */
  rule: {
    id: string;
    severity: 'error' | 'warning' | 'info';
    docs: {
      what: string;
      why: string;
      fix: string;
      sources: string[];
    };
    messages: {
      missing: string;
    };
    expected: string;
    suggestion: string;
    examples: {
      /**
       * @minItems 2
       */
      ok: Example[];
      /**
       * @minItems 3
       */
      notOk: (Example & {
        [k: string]: unknown;
      })[];
    };
  };
  /**
   * the physician query's question when the element is missing; {imaging} names the modality
   */
  query?: {
    topic: string;
    ask: string;
    /**
     * @minItems 2
     */
    options: string[];
  };
  /**
   * the phrase bank: phrasings that must be found, near misses that must not (test/phrase-bank.test.ts)
   */
  phrases?: {
    found?: (
      | string
      | {
          text: string;
          seconds: number;
        }
    )[];
    notFound?: string[];
  };
};
export type Pattern =
  | string
  | {
      pattern: string;
      caseSensitive?: boolean;
    };
/**
 * @minItems 1
 */
export type Patterns = Pattern[];
/**
 * a hit without one counts only in an imaging note or section, never in a notByImaging sentence
 *
 * @minItems 1
 */
export type Patterns1 = Pattern[];
/**
 * a field label of the category inside a line (a one-line export's '| Guidance: fluoroscopy |'); its field runs to the next '|' or the line end
 *
 * @minItems 1
 */
export type Patterns2 = Pattern[];
/**
 * a header of the category that names neither guidance, imaging, radiology nor a modality (a radiation-dose header): never the guidance section
 *
 * @minItems 1
 */
export type Patterns3 = Pattern[];

export interface Example {
  note: string;
  /**
   * @minItems 1
   *
   * Items: line:column-endLine:endColumn messageId
   */
  messages?: string[];
}
