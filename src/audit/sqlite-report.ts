import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';
import type { AuditRow } from './task.js';
import { isErrorRow } from './task.js';
import type { Digest } from './digest.js';

const SCHEMA = `
CREATE TABLE results (
  record INTEGER PRIMARY KEY, -- the record's number in the input, from 1
  id TEXT NOT NULL, source TEXT NOT NULL, provider TEXT, date TEXT, month TEXT,
  verdict TEXT NOT NULL, category TEXT NOT NULL, -- supported | incomplete | no-imaging | not-applicable | error
  failing INTEGER NOT NULL, technique TEXT, modality TEXT, needle_placement INTEGER,
  site_region TEXT, site_text TEXT, laterality TEXT, spinal INTEGER, guidance_code TEXT, supported INTEGER,
  claim_action TEXT, recommended_code TEXT, errors INTEGER NOT NULL, warnings INTEGER NOT NULL, infos INTEGER NOT NULL,
  missing_elements TEXT NOT NULL, rule_ids TEXT NOT NULL, error TEXT, meta TEXT NOT NULL
);
CREATE TABLE messages (
  record INTEGER NOT NULL REFERENCES results(record), rule_id TEXT NOT NULL, severity TEXT NOT NULL,
  message TEXT NOT NULL, line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER, suggestion TEXT
);
CREATE TABLE evidence (
  record INTEGER NOT NULL REFERENCES results(record), element TEXT NOT NULL,
  start_offset INTEGER, end_offset INTEGER, line INTEGER, col INTEGER, text TEXT
);`;

// built after the load (faster than maintaining them row by row)
const INDEXES = `
CREATE INDEX results_verdict ON results(verdict);
CREATE INDEX results_category ON results(category);
CREATE INDEX results_provider ON results(provider);
CREATE INDEX results_month ON results(month);
CREATE INDEX results_site ON results(site_region);
CREATE INDEX results_code ON results(guidance_code);
CREATE INDEX results_action ON results(claim_action);
CREATE INDEX results_id ON results(id);
CREATE INDEX messages_rule ON messages(rule_id, severity);
CREATE INDEX messages_record ON messages(record);
CREATE INDEX evidence_record ON evidence(record);
CREATE INDEX evidence_element ON evidence(element);`;

const bool = (b: boolean | null | undefined): number | null => (b === null || b === undefined ? null : b ? 1 : 0);

// better-sqlite3 12's Statement destructor aborts Node 24 when the GC collects one at a moment
// with no current Node environment (node::RemoveEnvironmentCleanupHook: "(env) != nullptr"; 13.x
// moved to Node-API, but this project stays on 12.x). The three statements a report prepares are
// therefore kept for the life of the process and never collected: a few objects per audit.
const kept: Database.Statement[] = [];

/** results.sqlite: results, messages and evidence tables with indexes, so an auditor can query. */
export class SqliteReport {
  private readonly db: Database.Database;
  private readonly tmp: string;
  private readonly insertResult: Database.Statement;
  private readonly insertMessage: Database.Statement;
  private readonly insertEvidence: Database.Statement;

  constructor(readonly path: string) {
    this.tmp = `${path}.tmp`;
    rmSync(this.tmp, { force: true });
    this.db = new Database(this.tmp);
    // a scratch file until commit renames it, loaded in one transaction: no journal needed (the page cache bounds memory)
    // exec, not pragma(): pragma() prepares a statement object the GC would collect (see kept above)
    this.db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
    this.db.exec(SCHEMA);
    this.insertResult = this.db.prepare(`INSERT INTO results VALUES (@record, @id, @source, @provider, @date, @month, @verdict, @category, @failing, @technique, @modality,
      @needle, @siteRegion, @siteText, @laterality, @spinal, @code, @supported, @action, @recommended, @errors, @warnings, @infos, @missing, @rules, @error, @meta)`);
    this.insertMessage = this.db.prepare('INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.insertEvidence = this.db.prepare('INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.exec('BEGIN');
    kept.push(this.insertResult, this.insertMessage, this.insertEvidence);
  }

  add(row: AuditRow, d: Digest): void {
    const doc = isErrorRow(row) ? undefined : row.documentation;
    this.insertResult.run({
      record: d.record, id: d.id, source: row.source, provider: d.provider, date: d.date, month: d.month, verdict: d.verdict, category: d.category,
      failing: bool(d.failing), technique: d.technique, modality: d.modality, needle: bool(doc?.needlePlacement),
      siteRegion: d.site, siteText: doc?.site?.text ?? null, laterality: doc?.site?.laterality ?? null, spinal: bool(doc?.site?.spinal),
      code: d.code, supported: bool(d.supported), action: d.action, recommended: d.recommendedCode,
      errors: d.errors, warnings: d.warnings, infos: isErrorRow(row) ? 0 : (row.summary.infos ?? 0),
      missing: d.missing.join(';'), rules: d.rules.join(';'), error: d.error, meta: JSON.stringify(row.meta ?? {}),
    });
    if (!isErrorRow(row)) {
      for (const m of row.messages) {
        this.insertMessage.run(d.record, m.ruleId, m.severity, m.message, m.line, m.column, m.endLine ?? null, m.endColumn ?? null, m.suggestion ?? null);
      }
      for (const [element, e] of Object.entries(row.documentation.elements)) {
        for (const s of e.evidence) this.insertEvidence.run(d.record, element, s.offset, s.endOffset, s.line, s.column, s.text ?? null);
      }
      const site = row.documentation.site?.span;
      if (site) this.insertEvidence.run(d.record, 'site', site.offset, site.endOffset, site.line, site.column, site.text ?? null);
    }
  }

  commit(): void {
    this.db.exec('COMMIT');
    this.db.exec(INDEXES);
    this.db.close();
    renameSync(this.tmp, this.path);
  }

  discard(): void {
    if (this.db.open) this.db.close();
    rmSync(this.tmp, { force: true });
  }
}
