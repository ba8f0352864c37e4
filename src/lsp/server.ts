// `guidelint lsp`: the linter as a language server over stdio, for the editor a note is written in.
// Diagnostics as you type (debounced), a quick fix per blank prompt, hover with the evidence and the
// rule's explanation, rule severities from the nearest guidelint.yaml. Nothing but the protocol is
// written to stdout, and nothing of a note's text to the log.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';
import {
  CodeActionKind,
  DiagnosticSeverity,
  MarkupKind,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Claim, LintResult, Message, Severity } from '../types.js';
import { lint, noteSections } from '../lint.js';
import { readConfigFile, ConfigError, type Config } from '../config.js';
import { ClaimError } from '../claim/parse.js';
import { sidecarClaim } from '../adapters/note-files.js';
import { ruleById } from '../rules/index.js';
import { documentationVerdict } from '../report/verdict.js';
import { packageRoot } from '../beside.js';
import { isPrompt, promptInsertion } from './prompts.js';

/** The configuration files looked for, nearest folder first, from the note's folder up. */
export const CONFIG_NAMES = ['guidelint.yaml', 'guidelint.yml', 'guidelint.json'];
const DEFAULT_DEBOUNCE_MS = 250;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What an editor may pass as initializationOptions. */
interface InitOptions {
  /** a config file to use instead of the nearest guidelint.yaml (relative to the workspace root) */
  configFile?: string;
  debounceMs?: number;
}

/** The lint of one version of a document, kept for code actions and hover. */
interface Checked {
  version: number;
  result: LintResult;
}

export interface LanguageServerStreams {
  input: Readable;
  output: Writable;
}

function filePath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function nearestConfig(path: string | undefined): string | undefined {
  if (!path) return undefined;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const found = CONFIG_NAMES.map((name) => join(dir, name)).find((p) => existsSync(p));
    if (found || dirname(dir) === dir) return found;
  }
}

const readmeUrl = pathToFileURL(join(packageRoot(), 'README.md')).href;

/** The rule's docs as an absolute URL an editor can open: its section of the installed README. */
function docsHref(ruleId: string): string {
  return `${readmeUrl}#rule-${ruleId}`;
}

// a note's words shown in Markdown: its punctuation must not become formatting
const escapeMarkdown = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');

function rangeOf(doc: TextDocument, m: Message): Range {
  if (m.offset !== undefined) return { start: doc.positionAt(m.offset), end: doc.positionAt(m.endOffset ?? m.offset) };
  const start = { line: m.line - 1, character: m.column - 1 };
  return { start, end: m.endLine && m.endColumn ? { line: m.endLine - 1, character: m.endColumn - 1 } : start };
}

function toDiagnostic(doc: TextDocument, m: Message): Diagnostic {
  return {
    range: rangeOf(doc, m),
    severity: SEVERITY[m.severity],
    code: m.ruleId,
    codeDescription: { href: docsHref(m.ruleId) },
    source: 'guidelint',
    message: m.suggestion ? `${m.message}\n↳ ${m.suggestion}` : m.message,
  };
}

/** A configuration or claim sidecar that cannot be used: said at the top of the note, the note linted without it. */
function setupDiagnostic(e: ConfigError | ClaimError, code: string): Diagnostic {
  const top = { line: 0, character: 0 };
  return { range: { start: top, end: top }, severity: DiagnosticSeverity.Error, code, source: 'guidelint', message: e.message };
}

const overlaps = (a: Range, b: Range) =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

function hoverText(doc: TextDocument, result: LintResult, found: Message[]): string {
  const d = result.documentation;
  const parts = [`**guidelint** · ${d.technique}${d.modality ? `/${d.modality}` : ''}: ${documentationVerdict(d)}`];
  for (const m of found) {
    const rule = ruleById.get(m.ruleId);
    const evidence = m.offset !== undefined && m.endOffset !== undefined && m.endOffset > m.offset ? doc.getText(rangeOf(doc, m)) : undefined;
    parts.push(
      '---',
      `**${m.severity}** \`${m.ruleId}\`: ${escapeMarkdown(m.message)}`,
      ...(evidence ? [`Evidence (line ${m.line}:${m.column}): “${escapeMarkdown(evidence)}”`] : []),
      ...(rule ? [`${rule.docs.what} ${rule.docs.why}`, `*Fix:* ${rule.docs.fix}`] : []),
      ...(m.suggestion ? [`*Suggestion:* ${escapeMarkdown(m.suggestion)}`] : []),
      `[${m.ruleId} docs](${docsHref(m.ruleId)})`,
    );
  }
  return parts.join('\n\n');
}

/** Starts the language server on the given streams; it runs until the client sends exit. */
export function startLanguageServer({ input, output }: LanguageServerStreams): Connection {
  const connection = createConnection(new StreamMessageReader(input), new StreamMessageWriter(output));
  const documents = new TextDocuments(TextDocument);
  const checked = new Map<string, Checked>();
  const timers = new Map<string, NodeJS.Timeout>();
  let options: InitOptions = {};
  let root: string | undefined;

  // the document and the error's kind only: an error's message could quote the note
  const logFailure = (uri: string, e: unknown) => connection.console.error(`guidelint: ${uri} could not be linted (${(e as Error)?.name ?? 'error'})`);

  function configFor(path: string | undefined): string | undefined {
    if (options.configFile) return isAbsolute(options.configFile) || !root ? options.configFile : join(root, options.configFile);
    return nearestConfig(path);
  }

  /** Lints the document's current version (once per version) and publishes its diagnostics. */
  function check(doc: TextDocument): Checked | undefined {
    const cached = checked.get(doc.uri);
    if (cached?.version === doc.version) return cached;
    const path = filePath(doc.uri);
    const setup: Diagnostic[] = [];
    let config: Config | undefined;
    let claim: Claim | undefined;
    const configPath = configFor(path);
    try {
      config = configPath ? readConfigFile(configPath) : undefined;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      setup.push(setupDiagnostic(e, 'config'));
    }
    try {
      claim = path ? sidecarClaim(path) : undefined;
    } catch (e) {
      if (!(e instanceof ClaimError)) throw e;
      setup.push(setupDiagnostic(e, 'claim'));
    }
    const text = doc.getText();
    let result: LintResult | undefined;
    if (text.trim() !== '') {
      try {
        result = lint(text, { filename: path ?? doc.uri, claim, config });
      } catch (e) {
        logFailure(doc.uri, e);
      }
    }
    const diagnostics = [...setup, ...(result?.messages.map((m) => toDiagnostic(doc, m)) ?? [])];
    void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    if (!result) {
      checked.delete(doc.uri);
      return undefined;
    }
    const entry = { version: doc.version, result };
    checked.set(doc.uri, entry);
    return entry;
  }

  function schedule(doc: TextDocument): void {
    clearTimeout(timers.get(doc.uri));
    timers.set(doc.uri, setTimeout(() => {
      timers.delete(doc.uri);
      const current = documents.get(doc.uri);
      try {
        if (current) check(current);
      } catch (e) {
        // thrown from a timer it would end the process: the editor keeps its server instead
        logFailure(doc.uri, e);
      }
    }, options.debounceMs ?? DEFAULT_DEBOUNCE_MS));
  }

  connection.onInitialize((params) => {
    options = (params.initializationOptions ?? {}) as InitOptions;
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    root = rootUri ? filePath(rootUri) : undefined;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
      },
      serverInfo: { name: 'guidelint' },
    };
  });

  // an opened note is checked at once; edits wait until typing pauses
  documents.onDidOpen(({ document }) => check(document));
  documents.onDidChangeContent(({ document }) => {
    if (checked.get(document.uri)?.version !== document.version) schedule(document);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(timers.get(document.uri));
    timers.delete(document.uri);
    checked.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onCodeAction(({ textDocument, range }) => {
    const doc = documents.get(textDocument.uri);
    const entry = doc && check(doc);
    if (!doc || !entry) return [];
    const prompts = entry.result.messages.filter(isPrompt).filter((m) => overlaps(rangeOf(doc, m), range));
    if (!prompts.length) return [];
    const text = doc.getText();
    const sections = noteSections(text, filePath(doc.uri) ?? doc.uri);
    const actions: CodeAction[] = [];
    for (const m of prompts) {
      const insert = promptInsertion(text, sections, entry.result, m);
      const at = doc.positionAt(insert.offset);
      actions.push({
        title: `Add the prompt: ${m.suggestion}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(doc, m)],
        edit: { changes: { [doc.uri]: [{ range: { start: at, end: at }, newText: insert.text }] } },
      });
    }
    return actions;
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    const entry = doc && check(doc);
    if (!doc || !entry) return null;
    const here = { start: position, end: position };
    const found = entry.result.messages.filter((m) => overlaps(rangeOf(doc, m), here));
    if (!found.length) return null;
    return { contents: { kind: MarkupKind.Markdown, value: hoverText(doc, entry.result, found) } };
  });

  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
