// Generated from grammars/schema/technique.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
/**
 * landmark technique named as such: counts anywhere in the procedure narrative
 *
 * @minItems 1
 */
export type Patterns = (
  | string
  | {
      pattern: string;
      caseSensitive?: boolean;
    }
)[];
/**
 * the hand's ways of finding the needle's path: count within two sentences of a needle placed
 *
 * @minItems 1
 */
export type Patterns1 = (
  | string
  | {
      pattern: string;
      caseSensitive?: boolean;
    }
)[];

export interface TechniqueFile {
  stated: Patterns;
  landmark: Patterns1;
}
