import type { Span } from '../types.js';
import type { Scanner } from './scan.js';

export interface Placeholder {
  kind: string;
  span: Span;
}

/** Unfilled template text: ***, ___, {FIELD}, <select>, and [ ] groups with no ticked box. */
export function findPlaceholders(sc: Scanner): Placeholder[] {
  const { text } = sc.note;
  const { named, unticked, ticked } = sc.g.placeholders;
  const out: Placeholder[] = [];
  for (const { name, re } of named) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      // a capture group marks the placeholder inside its context ("at * level" → "*")
      const start = m[1] === undefined ? m.index : m.index + m[0].indexOf(m[1]);
      const end = m[1] === undefined ? m.index + m[0].length : start + m[1].length;
      out.push({ kind: name, span: sc.span({ start, end }) });
    }
  }
  // checkbox groups: consecutive lines holding boxes; a group with no ticked box is unfilled
  const index = sc.note.index;
  let group: { first: number; firstEnd: number; ticked: boolean } | null = null;
  const close = () => {
    if (group && !group.ticked) out.push({ kind: 'checkbox', span: sc.span({ start: group.first, end: group.firstEnd }) });
    group = null;
  };
  for (let line = 1; line <= index.lineCount; line++) {
    const start = index.lineStart(line);
    const end = line < index.lineCount ? index.lineStart(line + 1) : text.length;
    const content = text.slice(start, end);
    unticked.lastIndex = 0;
    ticked.lastIndex = 0;
    const u = unticked.exec(content);
    const t = ticked.test(content);
    if (!u && !t) {
      close();
      continue;
    }
    if (!group) group = { first: u ? start + u.index : start, firstEnd: u ? start + u.index + u[0].length : start, ticked: false };
    else if (u && group.firstEnd === group.first) {
      group.first = start + u.index;
      group.firstEnd = start + u.index + u[0].length;
    }
    if (t) group.ticked = true;
  }
  close();
  const seen = new Set<number>();
  return out
    .sort((a, b) => a.span.offset - b.span.offset)
    .filter((p) => (seen.has(p.span.offset) ? false : (seen.add(p.span.offset), true)));
}
