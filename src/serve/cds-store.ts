// The CDS Hooks audit tables (SQLite): which rule each issued card came from, and what the
// clinician did with it. Feedback names only the card, so the card → rule row is what lets a team
// count, by rule, the findings clinicians reject (the false-alarm signal). No note text and no
// patient ids are stored; a clinician's free-text override comment is, as the spec sends it.
import { Piscina } from 'piscina';
import { HttpError } from '../errors.js';
import { beside, execArgvFor } from '../beside.js';
import type { CardRow } from './cds-cards.js';
import type { CallRow, Feedback, Rejected, RuleCounts, StoreTask } from './cds-store-thread.js';

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

/** How long issued cards wait in memory before they are sent to be written, together. */
const CARD_FLUSH_MS = 250;

/**
 * The audit tables, written and read on a thread of their own (cds-store-thread.ts): the event
 * loop only queues rows. Feedback and the counts go after the cards queued before them.
 */
export class CdsStore {
  private thread?: Piscina<StoreTask & { path: string }, RuleCounts[] | Rejected[] | null>;
  private pendingCalls: CallRow[] = [];
  private flushTimer?: NodeJS.Timeout;

  constructor(readonly path: string) {}

  // started on first use: a server that never sees a hook call leaves no file behind
  private run(task: StoreTask): Promise<RuleCounts[] | Rejected[] | null> {
    if (!this.thread) {
      const url = beside(import.meta.url, './cds-store-thread.ts', './cds-store-thread.js');
      this.thread = new Piscina({ filename: url.href, minThreads: 1, maxThreads: 1, idleTimeout: Infinity, execArgv: execArgvFor(url).filter((a) => !a.startsWith('--max-old-space-size')) });
    }
    return this.thread.run({ ...task, path: this.path });
  }

  /** Queues a hook call's cards; they are sent to be written a moment later, with the calls around it. */
  recordCards(service: string, hookInstance: string, issued: CardRow[]): void {
    if (issued.length === 0) return;
    this.pendingCalls.push([service, hookInstance, new Date().toISOString(), JSON.stringify(issued.map((i) => [i.uuid, i.ruleId, i.indicator]))]);
    this.flushTimer ??= setTimeout(() => void this.flushCards(), CARD_FLUSH_MS).unref();
  }

  private flushCards(): Promise<unknown> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingCalls.length === 0) return Promise.resolve();
    const rows = this.pendingCalls;
    this.pendingCalls = [];
    // a failed write (disk full, a lock held too long) loses these rows, not the server
    return this.run({ op: 'calls', rows }).catch((e: { code?: string; name?: string }) => {
      process.emitWarning(`CDS audit database ${this.path}: ${e.code ?? e.name}; cards of ${rows.length} hook calls not recorded`);
    });
  }

  /** Stores the items for cards this service issued (this process's cards queued so far first); returns the others, not stored. */
  async recordFeedback(service: string, items: Feedback[]): Promise<Rejected[]> {
    void this.flushCards();
    return (await this.run({ op: 'feedback', service, items })) as Rejected[];
  }

  /** Issued cards and their outcomes by rule, most overridden first; a card counts once per outcome. */
  async feedbackByRule(): Promise<RuleFeedback[]> {
    void this.flushCards();
    const rows = (await this.run({ op: 'counts' })) as RuleCounts[];
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

  async close(): Promise<void> {
    // cards still waiting for their write start the thread if nothing has yet
    await this.flushCards();
    if (!this.thread) return;
    await this.run({ op: 'close' });
    await this.thread.destroy();
    this.thread = undefined;
  }
}
