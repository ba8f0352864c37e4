// Generated from grammars/schema/rule.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface RuleFile {
  /**
   * the file's name
   */
  id: string;
  /**
   * the default; a configuration may change it
   */
  severity: 'error' | 'warning' | 'info';
  docs: {
    what: string;
    why: string;
    fix: string;
    /**
     * @minItems 1
     */
    sources: string[];
  };
  /**
   * message texts by id; {{name}} where the rule puts in a value
   */
  messages: {
    [k: string]: string;
  };
  /**
   * run as tests (test/rules.test.ts): an ok note gets no message of the rule, a not-ok note exactly the listed ones
   */
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
}
export interface Example {
  note: string;
  /**
   * as the command line takes it: --cpt 20610-RT,77002-26 --dx M17.11 --pos 22
   */
  claim?: {
    cpt: string;
    dx?: string;
    pos?: string;
  };
  /**
   * @minItems 1
   *
   * Items: line:column-endLine:endColumn messageId
   */
  messages?: string[];
}
