// Generated from grammars/schema/sources.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface SourcesFile {
  sources: {
    [k: string]: {
      name: string;
      url?: string;
    };
  };
}
