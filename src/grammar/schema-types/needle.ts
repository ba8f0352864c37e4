// Generated from grammars/schema/needle.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
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
 * lexicons: the hit's sentence must name one of them
 *
 * @minItems 1
 */
export type Names = string[];
/**
 * lexicons: the hit's sentence must name none of them
 *
 * @minItems 1
 */
export type Names1 = string[];
/**
 * lexicons: in an operation (surgery), the hit's sentence must also name one of them
 *
 * @minItems 1
 */
export type Names2 = string[];
/**
 * section categories that make the note a summary of a stay: no needle placement is documented in it
 *
 * @minItems 1
 */
export type Names3 = string[];
/**
 * a note title (its first line) naming an evaluation before a procedure: the procedures it names are planned
 *
 * @minItems 1
 */
export type Patterns1 = Pattern[];
/**
 * an incision or dissection narrated: the note is an operation
 *
 * @minItems 1
 */
export type Patterns2 = Pattern[];
/**
 * words that begin the narration of a procedure done now (consent, time-out, prep)
 *
 * @minItems 1
 */
export type Patterns3 = Pattern[];

export interface NeedleFile {
  /**
   * named word lists the placement senses refer to
   */
  lexicons?: {
    [k: string]: Patterns;
  };
  /**
   * @minItems 1
   */
  placement: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
        needs?: Names;
        unless?: Names1;
        /**
         * section categories outside the procedure narrative where the hit counts too
         */
        alsoIn?: string[];
        /**
         * the only section categories where the hit counts
         */
        onlyIn?: string[];
        inSurgeryNeeds?: Names2;
      }
  )[];
  exclude: Patterns;
  staySummary?: Names3;
  planningTitle?: Patterns1;
  devices: string[];
  centralVenous: Patterns;
  surgery: Patterns2;
  narration: Patterns3;
}
