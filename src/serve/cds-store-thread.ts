// The CDS Hooks audit database, on a thread of its own (bundled to dist/cds-store-thread.js): a
// write waits on disk syncs and, with several serve processes sharing the file, on the others'
// locks — up to seconds, which on the event loop would hold every request behind it. Tasks run one
// at a time in the order sent, so feedback and counts see every card sent before them.
import sqlite from 'node-sqlite3-wasm';
import { FALSE_ALARM, OVERRIDE_SYSTEM } from './cds-override.js';

// One row per hook call, its cards a JSON array of [uuid, rule_id, indicator]: written on every
// call and read only for the counts, so no key and no index (each would cost every write a
// B-tree insert). cds_cards, a view, lists the cards one per row.
const CALLS_TABLE = `
CREATE TABLE IF NOT EXISTS cds_calls (
  service TEXT NOT NULL, hook_instance TEXT NOT NULL, issued_at TEXT NOT NULL, cards TEXT NOT NULL
);`;
const SCHEMA = `
CREATE VIEW IF NOT EXISTS cds_cards AS
  SELECT json_extract(c.value, '$[0]') AS uuid, k.service, k.hook_instance, json_extract(c.value, '$[1]') AS rule_id,
    json_extract(c.value, '$[2]') AS indicator, k.issued_at
  FROM cds_calls k, json_each(k.cards) c;
CREATE TABLE IF NOT EXISTS cds_feedback (
  id INTEGER PRIMARY KEY, service TEXT NOT NULL, card TEXT NOT NULL, outcome TEXT NOT NULL,
  accepted_suggestions TEXT, reason_system TEXT, reason_code TEXT, reason_display TEXT, user_comment TEXT,
  outcome_timestamp TEXT NOT NULL, received_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS cds_feedback_card ON cds_feedback(card);
CREATE TABLE IF NOT EXISTS cds_issued (uuid TEXT PRIMARY KEY, service TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cds_issued_upto (calls_rowid INTEGER NOT NULL);
INSERT INTO cds_issued_upto SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM cds_issued_upto);`;

// Feedback counts only for a card this service issued. cds_issued finds a card's service by its
// uuid; it is brought up to date from the cds_calls rows written since, when feedback comes, so a
// hook call's write stays one row with no index. Rows are appended, so a rowid past the last one
// seen is a call not yet indexed. At most INDEX_CALLS calls per transaction: each card dirties a
// page of the index, and the write lock must not be held near the 5 s other processes wait.
const INDEX_CALLS = 1000;
const INDEX_NEW = `INSERT OR IGNORE INTO cds_issued SELECT json_extract(c.value, '$[0]'), k.service
  FROM cds_calls k, json_each(k.cards) c, cds_issued_upto u WHERE k.rowid > u.calls_rowid AND k.rowid <= u.calls_rowid + ${INDEX_CALLS}`;
const ADVANCE = `UPDATE cds_issued_upto SET calls_rowid = MIN(calls_rowid + ${INDEX_CALLS}, (SELECT IFNULL(MAX(rowid), 0) FROM cds_calls))
  RETURNING calls_rowid = (SELECT IFNULL(MAX(rowid), 0) FROM cds_calls) AS done`;

// a database of an earlier version kept cds_cards as a table, a row per card: its rows move into cds_calls
const MIGRATE_CARDS_TABLE = `
INSERT INTO cds_calls SELECT service, hook_instance, issued_at, json_array(json_array(uuid, rule_id, indicator)) FROM cds_cards;
DROP TABLE cds_cards;`;

/** One feedback item of the spec's shape (CDS Hooks 2.0 "Feedback"), as readFeedback (cds-store.ts) checks it. */
export interface Feedback {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: { system?: string; code?: string; display?: string }; userComment?: string };
  outcomeTimestamp: string;
}

/** A hook call's row: service, hookInstance, issued at, cards as JSON [[uuid, rule, indicator], …]. */
export type CallRow = [string, string, string, string];

/** A feedback item not stored: its place in the request, its card, and why. */
export interface Rejected {
  index: number;
  card: string;
  reason: 'unknown-card' | 'other-service';
}

export type StoreTask =
  | { op: 'calls'; rows: CallRow[] }
  | { op: 'feedback'; service: string; items: Feedback[] }
  | { op: 'counts' }
  | { op: 'close' };

export interface RuleCounts {
  ruleId: string;
  cards: number;
  accepted: number;
  overridden: number;
  falseAlarms: number;
  /** JSON array of {code, display} or null, one per overridden feedback */
  reasons: string;
}

let open: { path: string; db: sqlite.Database; calls: sqlite.Statement; indexNew: sqlite.Statement; advance: sqlite.Statement; issuer: sqlite.Statement; feedback: sqlite.Statement; counts: sqlite.Statement } | undefined;

function database(path: string): NonNullable<typeof open> {
  if (open?.path === path) return open;
  close();
  const db = new sqlite.Database(path);
  // several serve processes share the file: each waits up to 5 s for another's write lock
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;');
  inTransaction(db, () => {
    db.exec(CALLS_TABLE);
    if (db.get("SELECT 1 AS yes FROM sqlite_master WHERE type = 'table' AND name = 'cds_cards'")) db.exec(MIGRATE_CARDS_TABLE);
    db.exec(SCHEMA);
  });
  open = {
    path,
    db,
    // a flush's rows as one JSON array, one statement: binding each value costs more than the row's own write (wasm calls)
    calls: db.prepare(`INSERT INTO cds_calls SELECT ${[0, 1, 2, 3].map((i) => `json_extract(value, '$[${i}]')`).join(', ')} FROM json_each(?)`),
    indexNew: db.prepare(INDEX_NEW),
    advance: db.prepare(ADVANCE),
    issuer: db.prepare('SELECT service FROM cds_issued WHERE uuid = ?'),
    feedback: db.prepare('INSERT INTO cds_feedback (service, card, outcome, accepted_suggestions, reason_system, reason_code, reason_display, user_comment, outcome_timestamp, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    counts: db.prepare(`SELECT c.rule_id AS ruleId, COUNT(DISTINCT c.uuid) AS cards,
        COUNT(DISTINCT CASE WHEN f.outcome = 'accepted' THEN f.card END) AS accepted,
        COUNT(DISTINCT CASE WHEN f.outcome = 'overridden' THEN f.card END) AS overridden,
        COUNT(DISTINCT CASE WHEN f.outcome = 'overridden' AND f.reason_system = '${OVERRIDE_SYSTEM}' AND f.reason_code = '${FALSE_ALARM}' THEN f.card END) AS falseAlarms,
        json_group_array(CASE WHEN f.outcome = 'overridden' THEN json_object('code', COALESCE(f.reason_code, '(none)'), 'display', f.reason_display) END) AS reasons
      FROM cds_cards c LEFT JOIN cds_feedback f ON f.card = c.uuid AND f.service = c.service GROUP BY c.rule_id ORDER BY overridden DESC, c.rule_id`),
  };
  return open;
}

/** Runs `write` in one transaction: all of its rows are stored, or none. */
function inTransaction<T>(db: sqlite.Database, write: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const written = write();
    db.exec('COMMIT');
    return written;
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

function close(): void {
  if (!open) return;
  for (const s of [open.calls, open.indexNew, open.advance, open.issuer, open.feedback, open.counts]) s.finalize();
  open.db.close();
  open = undefined;
}

/** Stores the items whose card this service issued; returns the others. */
function storeFeedback(db: NonNullable<typeof open>, service: string, items: Feedback[]): Rejected[] {
  const now = new Date().toISOString();
  for (;;) {
    const rejected = inTransaction(db.db, () => {
      db.indexNew.run();
      // all(), not get(): get() leaves the statement open on its row, and the file's read lock with it
      if (!db.advance.all()[0].done) return undefined; // more calls to index: in the next transaction
      const refused: Rejected[] = [];
      items.forEach((f, index) => {
        const issuer = db.issuer.all([f.card])[0]?.service;
        if (issuer !== service) return void refused.push({ index, card: f.card, reason: issuer === undefined ? 'unknown-card' : 'other-service' });
        const reason = f.overrideReason?.reason;
        db.feedback.run([service, f.card, f.outcome, f.acceptedSuggestions ? JSON.stringify(f.acceptedSuggestions.map((s) => s.id)) : null,
          reason?.system ?? null, reason?.code ?? null, reason?.display ?? null, f.overrideReason?.userComment ?? null, f.outcomeTimestamp, now]);
      });
      return refused;
    });
    if (rejected) return rejected;
  }
}

/** One task on the database at `path` (opened on first use, kept open). */
export default function runStoreTask(task: StoreTask & { path: string }): RuleCounts[] | Rejected[] | null {
  if (task.op === 'close') return close(), null;
  const db = database(task.path);
  if (task.op === 'calls') db.calls.run([JSON.stringify(task.rows)]);
  else if (task.op === 'counts') return db.counts.all() as unknown as RuleCounts[];
  else return storeFeedback(db, task.service, task.items);
  return null;
}
