// Generated from grammars/schema/modalities.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface ModalitiesFile {
  modalities: {
    /**
     * @minItems 1
     */
    fluoroscopy: (
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        }
    )[];
    /**
     * @minItems 1
     */
    ultrasound: (
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        }
    )[];
    /**
     * @minItems 1
     */
    ct: (
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        }
    )[];
    /**
     * @minItems 1
     */
    mri: (
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        }
    )[];
  };
  /**
   * @minItems 1
   */
  generic: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
  /**
   * @minItems 1
   */
  study: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
  /**
   * words before a mention, in its sentence, that make it a diagnostic study
   *
   * @minItems 1
   */
  studyBefore: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
  /**
   * content after a modality header that states no guidance
   *
   * @minItems 1
   */
  headerNone: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
  /**
   * content after a modality header that leaves the field unfilled (a blank, an unticked box, a plan): it states nothing
   *
   * @minItems 1
   */
  headerBlank: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
  /**
   * words just before or in a mention that make it a scan done at the point of care (this encounter), never an earlier study
   *
   * @minItems 1
   */
  pointOfCare: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
  /**
   * words after a mention that make the modality a place or a resource (the suite, the machine), not guidance
   *
   * @minItems 1
   */
  resource: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
}
