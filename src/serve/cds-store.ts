// The CDS Hooks audit tables (SQLite): which rule each issued card came from, and what the
// clinician did with it. Feedback names only the card, so the card → rule row is what lets a team
// count, by rule, the findings clinicians reject (the false-alarm signal). No note text and no
// patient ids are stored; a clinician's free-text override comment is, as the spec sends it.
import sqlite from 'node-sqlite3-wasm';
import { HttpError } from '../errors.js';
import { OVERRIDE_SYSTEM, type CardRow } from './cds-cards.js';

// A card row is written for every card of every hook call and read only for the counts, so
// cds_cards has no key and no index: each would cost every write a B-tree insert (random uuids),
// about three times the row's own cost. The counts scan it once, joining feedback by its index.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS cds_cards (
  uuid TEXT NOT NULL, service TEXT NOT NULL, hook_instance TEXT NOT NULL, rule_id TEXT NOT NULL,
  indicator TEXT NOT NULL, issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cds_feedback (
  id INTEGER PRIMARY KEY, service TEXT NOT NULL, card TEXT NOT NULL, outcome TEXT NOT NULL,
  accepted_suggestions TEXT, reason_system TEXT, reason_code TEXT, reason_display TEXT, user_comment TEXT,
  outcome_timestamp TEXT NOT NULL, received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cds_feedback_card ON cds_feedback(card);`;

/** One feedback item of the spec's shape (CDS Hooks 2.0 "Feedback"), checked. */
export interface Feedback {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: { system?: string; code?: string; display?: string }; userComment?: string };
  outcomeTimestamp: string;
}

export interface RuleFeedback {
  ruleId: string;
  cards: number;
  accepted: number;
  overridden: number;
  /** overridden as "the finding is wrong for this note" */
  falseAlarms: number;
  reasons: { code: string; display: string | null; count: number }[];
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body of POST /cds-services/{id}/feedback, each item checked; errors name the item's field. */
export function readFeedback(body: unknown): Feedback[] {
  const items = isObject(body) ? body.feedback : undefined;
  if (!Array.isArray(items) || items.length === 0) throw new HttpError(400, 'invalid-request', 'the body must be {"feedback": [ … ]} with at least one item', { field: 'feedback' });
  return items.map((item: unknown, i) => {
    const bad = (field: string, reason: string) => new HttpError(400, 'invalid-request', `feedback[${i}].${field} ${reason}`, { field: `feedback[${i}].${field}` });
    if (!isObject(item)) throw bad('', 'must be an object');
    if (typeof item.card !== 'string' || item.card === '') throw bad('card', 'must be the card\'s uuid');
    if (item.outcome !== 'accepted' && item.outcome !== 'overridden') throw bad('outcome', 'must be "accepted" or "overridden"');
    if (typeof item.outcomeTimestamp !== 'string' || Number.isNaN(Date.parse(item.outcomeTimestamp))) throw bad('outcomeTimestamp', 'must be an ISO 8601 date-time');
    const accepted = item.acceptedSuggestions;
    if (item.outcome === 'accepted' && (!Array.isArray(accepted) || !accepted.every((s) => isObject(s) && typeof s.id === 'string'))) throw bad('acceptedSuggestions', 'must list the accepted suggestions as [{"id": …}]');
    if (item.overrideReason !== undefined && !isObject(item.overrideReason)) throw bad('overrideReason', 'must be an object {reason, userComment}');
    return item as unknown as Feedback;
  });
}

/** How long issued cards wait in memory before they are written, in one transaction. */
const CARD_FLUSH_MS = 250;

export class CdsStore {
  private db?: sqlite.Database;
  private statements?: { cards: sqlite.Statement; feedback: sqlite.Statement; byRule: sqlite.Statement };
  private pendingCards: [string, string, string, string, string, string][] = [];
  private flushTimer?: NodeJS.Timeout;

  constructor(readonly path: string) {}

  // opened on first use: a server that never sees a hook call leaves no file behind
  private open() {
    if (this.statements) return this.statements;
    const db = new sqlite.Database(this.path);
    // several serve processes share the file: each waits up to 5 s for another's write lock
    db.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
    db.exec(SCHEMA);
    this.db = db;
    this.statements = {
      // a flush's rows as one JSON array, one statement: binding six values per row costs more
      // than the row's own write (wasm calls)
      cards: db.prepare(`INSERT INTO cds_cards SELECT ${[0, 1, 2, 3, 4, 5].map((i) => `json_extract(value, '$[${i}]')`).join(', ')} FROM json_each(?)`),
      feedback: db.prepare('INSERT INTO cds_feedback (service, card, outcome, accepted_suggestions, reason_system, reason_code, reason_display, user_comment, outcome_timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      byRule: db.prepare(`SELECT c.rule_id AS ruleId, COUNT(DISTINCT c.uuid) AS cards,
          COUNT(DISTINCT CASE WHEN f.outcome = 'accepted' THEN f.card END) AS accepted,
          COUNT(DISTINCT CASE WHEN f.outcome = 'overridden' THEN f.card END) AS overridden,
          COUNT(DISTINCT CASE WHEN f.outcome = 'overridden' AND f.reason_system = '${OVERRIDE_SYSTEM}' AND f.reason_code = 'finding-incorrect' THEN f.card END) AS falseAlarms,
          json_group_array(CASE WHEN f.outcome = 'overridden' THEN json_object('code', COALESCE(f.reason_code, '(none)'), 'display', f.reason_display) END) AS reasons
        FROM cds_cards c LEFT JOIN cds_feedback f ON f.card = c.uuid GROUP BY c.rule_id ORDER BY overridden DESC, c.rule_id`),
    };
    return this.statements;
  }

  /**
   * Queues the cards' rows; they are written together a moment later. A write per hook call,
   * with several serve processes sharing the file, would have each wait on the others' locks on
   * its event loop; feedback and the counts write the queue first, and close does.
   */
  recordCards(service: string, hookInstance: string, issued: CardRow[]): void {
    if (issued.length === 0) return;
    const now = new Date().toISOString();
    for (const i of issued) this.pendingCards.push([i.uuid, service, hookInstance, i.ruleId, i.indicator, now]);
    this.flushTimer ??= setTimeout(() => {
      // a failed write (disk full, a lock held too long) loses these rows, not the server
      try {
        this.flushCards();
      } catch (e) {
        process.emitWarning(`CDS audit database ${this.path}: ${(e as { code?: string }).code ?? (e as Error).name}; cards issued in the last ${CARD_FLUSH_MS} ms not recorded`);
      }
    }, CARD_FLUSH_MS).unref();
  }

  private flushCards(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingCards.length === 0) return;
    const rows = this.pendingCards;
    this.pendingCards = [];
    this.open().cards.run([JSON.stringify(rows)]);
  }

  /** Stores every item (a card this server did not issue too: it is still the clinician's answer). */
  recordFeedback(service: string, items: Feedback[]): void {
    this.flushCards();
    const { feedback } = this.open();
    const now = new Date().toISOString();
    this.inTransaction(() => {
      for (const f of items) {
        const reason = f.overrideReason?.reason;
        feedback.run([service, f.card, f.outcome, f.acceptedSuggestions ? JSON.stringify(f.acceptedSuggestions.map((s) => s.id)) : null,
          reason?.system ?? null, reason?.code ?? null, reason?.display ?? null, f.overrideReason?.userComment ?? null, f.outcomeTimestamp, now]);
      }
    });
  }

  /** Runs `write` in one transaction: all of its rows are stored, or none. */
  private inTransaction(write: () => void): void {
    this.db!.exec('BEGIN IMMEDIATE');
    try {
      write();
      this.db!.exec('COMMIT');
    } catch (e) {
      this.db!.exec('ROLLBACK');
      throw e;
    }
  }

  /** Issued cards and their outcomes by rule, most overridden first; a card counts once per outcome. */
  feedbackByRule(): RuleFeedback[] {
    this.flushCards();
    const rows = this.open().byRule.all() as (Omit<RuleFeedback, 'reasons'> & { reasons: string })[];
    return rows.map((row) => {
      const counts = new Map<string, { code: string; display: string | null; count: number }>();
      for (const r of (JSON.parse(row.reasons) as ({ code: string; display: string | null } | null)[])) {
        if (!r) continue;
        const seen = counts.get(r.code) ?? { code: r.code, display: r.display, count: 0 };
        seen.count++;
        counts.set(r.code, seen);
      }
      return { ...row, reasons: [...counts.values()].sort((a, b) => b.count - a.count) };
    });
  }

  close(): void {
    this.flushCards();
    if (this.statements) for (const s of Object.values(this.statements)) s.finalize();
    this.db?.close();
    this.db = undefined;
    this.statements = undefined;
  }
}
