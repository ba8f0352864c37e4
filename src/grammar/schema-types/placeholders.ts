// Generated from grammars/schema/placeholders.schema.json by scripts/grammar-types.mjs (run by the build): do not edit.
export interface PlaceholdersFile {
  placeholders: {
    name: string;
    pattern: string;
  }[];
  checkbox: {
    unticked: string;
    ticked: string;
  };
}
