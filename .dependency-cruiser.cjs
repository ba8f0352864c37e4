// The layers of src/, lowest first: the order data flows in (read → parse → context → extract →
// rules → decide → report), then the front ends that drive the pipeline. A module may import its
// own layer and the layers above it in this list, never one below it; and no import cycles.
// `npm test` runs it: `depcruise src --config .dependency-cruiser.cjs`.
const layers = [
  ['base', '^src/(types|beside|version)\\.ts$'], // the result contract's types, the worker-entry and package-folder helpers, the version; import nothing of ours
  ['grammar', '^src/grammar/'], // the grammars (data) loaded, checked and compiled
  ['note', '^src/note/'], // read and parse: bytes to text, sections, sentences, line ends, offsets
  ['claim', '^src/claim/'], // the claim, the second input: parsed, its codes and facts, its decision
  ['context', '^src/context/'], // each mention's assertion: negated, historical, hypothetical…
  ['extract', '^src/extract/'], // the note's facts: technique, modality, site, needle, elements
  ['rules', '^src/rules/'], // findings from the facts
  ['decide', '^src/decide\\.ts$'], // whether the documentation supports the guidance code
  ['config', '^src/config\\.ts$'], // an institution's rule severities and element needs, checked against the rules
  ['lint', '^src/lint\\.ts$'], // the pipeline in one call
  ['report', '^src/report/'], // lint results formatted for the terminal (stylish, json, jsonl)
  ['adapters', '^src/adapters/'], // note files (with claim sidecars), FHIR and HL7 read into note text and claim
  ['errors', '^src/errors\\.ts$'], // every error a caller can cause, mapped to its exit code and HTTP status
  ['lsp', '^src/lsp/'], // the language server: lint results as an editor's diagnostics, quick fixes and hovers
  ['query', '^src/query/'], // a physician query from a lint result
  ['audit', '^src/audit/'], // a batch of records linted in parallel into rows and reports
  ['library', '^src/index\\.ts$'], // the library's API: lint, the audit unit and its reports
  ['eval', '^src/eval/'], // the linter scored against hand labels
  ['serve', '^src/serve/'], // the HTTP API and the pre-sign check page
  ['bench', '^src/bench/'], // timings of the CLI, the audit and the server
  ['cli', '^src/cli/'], // the command line: parses flags, calls everything else
];

const anyLayer = layers.map(([, path]) => path);

module.exports = {
  forbidden: [
    ...layers.slice(0, -1).map(([name, path], i) => ({
      name: `${name}-imports-upward`,
      comment: `${name} may import only the layers listed before it in .dependency-cruiser.cjs`,
      severity: 'error',
      from: { path },
      to: { path: anyLayer.slice(i + 1) },
    })),
    {
      name: 'no-cycle',
      comment: 'a cycle ties modules into one that can only be read and changed together',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'layer-unplaced',
      comment: 'every module of src/ has a place in the layer list (a new folder must be given one)',
      severity: 'error',
      from: { path: '^src/', pathNot: anyLayer },
      to: {},
    },
    {
      name: 'layer-unplaced-target',
      comment: 'every module of src/ has a place in the layer list (a new folder must be given one)',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: anyLayer },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type from a higher layer ties the lower one to it all the same
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
