// Generated from grammars/schema/inclusive-procedures.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface InclusiveProceduresFile {
  /**
   * @minItems 1
   */
  procedures: {
    codes: string;
    label: string;
    modalities: ('fluoroscopy' | 'ultrasound' | 'ct' | 'mri')[];
    /**
     * guidance no modality of the contract names, which the code includes: a note naming the procedure documents it
     */
    guidance?: 'stereotactic';
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
