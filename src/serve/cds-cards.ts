// A lint result as CDS Hooks cards: one card per rule that fired, its evidence quoted and its
// blank prompt given, the physician query offered as a FHIR Communication to create.
import { randomUUID } from 'node:crypto';
import { LineIndex } from '../note/locate.js';
import { rules } from '../rules/index.js';
import { buildQuery, quoteLine, type PhysicianQuery } from '../query/query.js';
import { FALSE_ALARM, OVERRIDE_SYSTEM } from './cds-override.js';
import type { LintResult, Message, Severity } from '../types.js';

export type Indicator = 'info' | 'warning' | 'critical';

export interface Coding {
  system: string;
  code: string;
  display: string;
}

export interface Card {
  uuid: string;
  summary: string;
  detail: string;
  indicator: Indicator;
  source: { label: string; url: string; topic: Coding };
  overrideReasons: Coding[];
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one';
}

type Action = { type: 'create'; description: string; resource: Record<string, unknown> } | { type: 'delete'; description: string; resourceId: string };

interface Suggestion {
  label: string;
  uuid: string;
  isRecommended: boolean;
  actions: Action[];
}

/** The card's rule, for the feedback tables: feedback names only the card. */
export interface IssuedCard {
  card: Card;
  ruleId: string;
}

/** An issued card as the audit tables keep it. */
export interface CardRow {
  uuid: string;
  ruleId: string;
  indicator: Indicator;
}

const INDICATOR: Record<Severity, Indicator> = { error: 'critical', warning: 'warning', info: 'info' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export const RULE_TOPIC_SYSTEM = 'urn:guidelint:rule';
/** Why a clinician dismissed a card; `finding-incorrect` is the false-alarm signal counted by rule. */
export const OVERRIDE_REASONS: Coding[] = [
  { system: OVERRIDE_SYSTEM, code: 'auditor-reviewed-exception', display: 'Exception reviewed and approved by a coding auditor' },
  { system: OVERRIDE_SYSTEM, code: 'documented-elsewhere', display: 'Documented elsewhere in the record' },
  { system: OVERRIDE_SYSTEM, code: FALSE_ALARM, display: 'The finding is wrong for this note' },
];

const SUMMARY_MAX = 139;

/** One sentence under 140 characters: the first message, and how many more the card holds. */
function summaryOf(messages: Message[]): string {
  const more = messages.length > 1 ? ` (+${messages.length - 1} more)` : '';
  const room = SUMMARY_MAX - more.length;
  const first = messages[0].message;
  return (first.length > room ? `${first.slice(0, room - 1).trimEnd()}…` : first) + more;
}

// the Markdown that running text can trigger (emphasis, code, links, html, tables), escaped so note text shows as written
const escapeMarkdown = (s: string) => s.replace(/[\\`*_[\]<>|~]/g, '\\$&');

function detailOf(messages: Message[], text: string, index: LineIndex, why: string): string {
  const parts: string[] = [];
  for (const m of messages) {
    parts.push(`**${escapeMarkdown(m.message)}**`);
    // a claim finding without a place in the note has an empty span
    if (m.offset !== undefined && m.endOffset !== undefined && m.endOffset > m.offset) parts.push(`> ${escapeMarkdown(quoteLine(text, index, m))}`);
    // the blank prompt, to paste into the note and fill in
    if (m.suggestion) parts.push(`Add to the note and fill in the blanks:\n\n\`\`\`text\n${m.suggestion.replaceAll('`', "'")}\n\`\`\``);
  }
  parts.push(`*Why:* ${escapeMarkdown(why)}`);
  return parts.join('\n\n');
}

export interface CardContext {
  /** an absolute base ending in '/' that the rules' docs urls (README.md#rule-<id>) resolve against */
  docsBase: string;
  /** the physician query as a FHIR Communication ready to create, when the result calls for one */
  query: PhysicianQuery | null;
  /** draft orders (`ServiceRequest/id`) billing the guidance code, to delete when the claim's action is remove */
  guidanceOrders?: { resourceId: string; code: string }[];
}

/**
 * The cards for a result: none when no finding is a warning or an error (the note is fine, or
 * guidance does not apply); else one per rule, most severe first, each rule's messages together.
 * The query goes on the first documentation card, once, so accepting it creates one Communication.
 */
export function cardsFor(result: LintResult, text: string, { docsBase, query, guidanceOrders = [] }: CardContext): IssuedCard[] {
  if (!result.messages.some((m) => m.severity !== 'info')) return [];
  const byRule = new Map<string, Message[]>();
  for (const m of result.messages) byRule.set(m.ruleId, [...(byRule.get(m.ruleId) ?? []), m]);
  const index = new LineIndex(text);
  const worst = (ms: Message[]) => Math.min(...ms.map((m) => RANK[m.severity]));
  const groups = [...byRule.entries()].sort((a, b) => worst(a[1]) - worst(b[1]));
  let queryOffered = false;
  let removalOffered = result.claim?.action !== 'remove' || guidanceOrders.length === 0;
  // rule urls are relative paths (README.md#rule-<id>): the base is parsed once, not per card
  const base = new URL(docsBase).href;
  return groups.map(([ruleId, messages]) => {
    const rule = rules.find((r) => r.id === ruleId);
    const severity = (['error', 'warning', 'info'] as const)[worst(messages)];
    const card: Card = {
      uuid: randomUUID(),
      summary: summaryOf(messages),
      detail: detailOf(messages, text, index, rule?.docs.why ?? ''),
      indicator: INDICATOR[severity],
      source: { label: `guidelint rule ${ruleId}`, url: base + (rule?.url ?? 'README.md'), topic: { system: RULE_TOPIC_SYSTEM, code: ruleId, display: ruleId } },
      overrideReasons: OVERRIDE_REASONS,
    };
    if (query && !queryOffered && rule?.kind === 'documentation') {
      queryOffered = true;
      card.suggestions = [{
        label: 'Send the physician a documentation query',
        uuid: randomUUID(),
        isRecommended: true,
        actions: [{ type: 'create', description: 'Create the compliant, non-leading physician query (a FHIR Communication in preparation) asking about what the note does not document', resource: query.fhir }],
      }];
      card.selectionBehavior = 'at-most-one';
    } else if (!removalOffered && rule?.kind === 'claim') {
      removalOffered = true;
      card.suggestions = [{
        label: `Remove the draft ${[...new Set(guidanceOrders.map((o) => o.code))].join(', ')} order`,
        uuid: randomUUID(),
        isRecommended: true,
        actions: guidanceOrders.map((o) => ({ type: 'delete', description: `Delete the draft order for ${o.code}: the note does not support billing it`, resourceId: o.resourceId })),
      }];
      card.selectionBehavior = 'at-most-one';
    }
    return { card, ruleId };
  });
}

/** What a hook call's answer needs besides the lint result: where the docs are, the draft orders, what the query is about. */
export interface HookFacts extends Omit<CardContext, 'query'> {
  /** the Communication's subject, encounter, about and recipient, as the EHR will create it */
  queryRefs: Record<string, unknown>;
}

/** The body of the answer (its JSON text) and its cards' rows, made where the note was linted so the result never crosses threads. */
export interface HookAnswer {
  body: string;
  rows: CardRow[];
}

export function answerHook(result: LintResult, text: string, { queryRefs, ...context }: HookFacts): HookAnswer {
  const query = result.messages.some((m) => m.severity !== 'info') ? buildQuery(result, text) : null;
  if (query) Object.assign(query.fhir, queryRefs);
  const issued = cardsFor(result, text, { ...context, query });
  return { body: JSON.stringify({ cards: issued.map((i) => i.card) }), rows: issued.map(({ card, ruleId }) => ({ uuid: card.uuid, ruleId, indicator: card.indicator })) };
}
