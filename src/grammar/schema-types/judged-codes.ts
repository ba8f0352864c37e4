// Generated from grammars/schema/judged-codes.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface JudgedCodesFile {
  /**
   * @minItems 1
   */
  ranges: {
    from: string;
    to: string;
    what: string;
  }[];
}
