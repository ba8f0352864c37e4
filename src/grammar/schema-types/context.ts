// Generated from grammars/schema/context.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface ContextFile {
  npScopeStop: string;
  /**
   * @minItems 1
   */
  triggers: {
    category: 'negated' | 'hypothetical' | 'historical' | 'other-procedure' | 'pseudo' | 'terminate';
    direction: 'forward' | 'backward' | 'bidirectional' | 'terminate' | 'pseudo';
    pattern: string;
    caseSensitive?: boolean;
    maxScope?: number;
    npScope?: boolean;
  }[];
}
