// Generated from grammars/schema/inclusive-procedures.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface InclusiveProceduresFile {
  /**
   * @minItems 1
   */
  procedures: {
    codes: string;
    label: string;
    /**
     * @minItems 1
     */
    modalities: ('fluoroscopy' | 'ultrasound' | 'ct' | 'mri')[];
    source: string;
    /**
     * @minItems 1
     */
    patterns: (
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        }
    )[];
  }[];
}
