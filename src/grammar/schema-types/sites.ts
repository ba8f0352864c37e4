// Generated from grammars/schema/sites.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface SitesFile {
  /**
   * @minItems 1
   */
  sites: {
    region: string;
    area: string;
    generic?: boolean;
    spinal: boolean | null;
    centralVenous?: boolean;
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
  laterality: {
    left:
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        };
    right:
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        };
    bilateral:
      | string
      | {
          pattern: string;
          caseSensitive?: boolean;
        };
  };
  /**
   * sentences that describe the patient: never the procedure's title
   *
   * @minItems 1
   */
  notTitle: string[];
}
