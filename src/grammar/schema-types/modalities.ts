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
}
