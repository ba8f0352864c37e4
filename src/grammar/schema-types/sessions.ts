// Generated from grammars/schema/sessions.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface SessionsFile {
  /**
   * @minItems 1
   */
  distinctSessions: (
    | string
    | {
        pattern: string;
        caseSensitive?: boolean;
      }
  )[];
}
