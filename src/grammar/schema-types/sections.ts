// Generated from grammars/schema/sections.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface SectionsFile {
  headers: {
    [k: string]: string[];
  };
  patterns: {
    category: string;
    pattern: string;
  }[];
}
