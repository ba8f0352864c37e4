// The pre-sign check page: posts the note to /v1/lint as it changes (debounced) and shows the
// verdict, the five documentation elements with their evidence, and each finding. No framework,
// no external resources: the server's Content-Security-Policy allows only this origin.
// Severity in context (contract of 2026-12-07): a note that documents no imaging is not wrong, it
// only cannot support a guidance code, so it reads calm, and elements that do not apply say so.
'use strict';

(() => {
  const DEBOUNCE_MS = 350;
  // [name, label, need, when] of each documentation element, as the server's registry has them
  let ELEMENTS = [];
  // region slug → the words a person reads ("subacromial-bursa" → "subacromial bursa"), from the server's site registry
  const SITE_WORDS = new Map();
  const registriesLoaded = Promise.all([
    fetch('/elements.json').then((r) => r.json()).then((list) => {
      ELEMENTS = list.map((e) => [e.name, e.label, e.need, e.when]);
    }),
    fetch('/sites.json').then((r) => r.json()).then((list) => {
      for (const s of list) SITE_WORDS.set(s.region, s.words);
    }),
  ]);
  // an element matters only when imaging guided the needle, with its modality if it names one
  // (the server's elementApplies)
  const applies = (when, d) => d.technique === 'imaging' && (when === 'imaging' || when === d.modality);
  const ACTIONS = {
    bill: 'Bill as coded',
    remove: 'Remove the guidance code',
    query: 'Query the physician before billing',
    recode: 'Recode the guidance line',
    'reduce-units': 'Reduce the guidance units to one',
  };

  const $ = (id) => document.getElementById(id);
  const note = $('note');
  const status = $('status');
  let timer = 0;
  let sequence = 0;
  let inFlight = null;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c != null) node.append(c);
    return node;
  }

  /** "20610-RT, 77002-26x1" → contract claim lines; throws with the item at fault. */
  function readClaim() {
    const cpt = $('cpt').value.trim();
    const dx = $('dx').value.trim();
    const pos = $('pos').value.trim();
    if (!cpt) {
      if (dx || pos) throw new Error('Diagnoses and place of service need at least one CPT line.');
      return undefined;
    }
    const lines = cpt.split(/[\s,;]+/).filter(Boolean).map((item) => {
      const m = /^([0-9A-Za-z]{5})((?:-[0-9A-Za-z]{2})*)(?:[x*](\d+))?$/.exec(item);
      if (!m) throw new Error(`"${item}" is not CODE[-MOD…][xUNITS], e.g. 77002-26 or 77002x2.`);
      return {
        code: m[1].toUpperCase(),
        modifiers: m[2] ? m[2].slice(1).split('-').map((s) => s.toUpperCase()) : [],
        units: m[3] ? Number(m[3]) : 1,
      };
    });
    const claim = { lines, diagnoses: dx ? dx.split(/[\s,;]+/).filter(Boolean) : [] };
    if (pos) claim.placeOfService = pos;
    return claim;
  }

  function showClaimError(message) {
    $('claim-error').textContent = message || '';
    for (const id of ['cpt', 'dx', 'pos']) $(id).toggleAttribute('aria-invalid', Boolean(message));
  }

  // aria-busy marks the result as out of date from the first keystroke until the answer lands
  const busy = (on) => $('result').setAttribute('aria-busy', String(on));

  function schedule() {
    busy(true);
    clearTimeout(timer);
    timer = setTimeout(check, DEBOUNCE_MS);
  }

  async function check() {
    clearTimeout(timer);
    await registriesLoaded;
    const text = note.value;
    const mine = ++sequence;
    if (inFlight) inFlight.abort();
    if (text.trim() === '') {
      $('outcome').hidden = true;
      status.textContent = 'Paste or type a note to check it.';
      busy(false);
      return;
    }
    let claim;
    try {
      claim = readClaim();
      showClaimError('');
    } catch (e) {
      showClaimError(e.message);
      busy(false);
      return;
    }
    inFlight = new AbortController();
    busy(true);
    status.textContent = 'Checking…';
    const headers = { 'content-type': 'application/json' };
    const token = sessionStorage.getItem('guidelint-token');
    if (token) headers.authorization = `Bearer ${token}`;
    let response;
    let body;
    try {
      response = await fetch('/v1/lint', { method: 'POST', headers, body: JSON.stringify(claim ? { text, claim } : { text }), signal: inFlight.signal });
      body = await response.json();
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (mine === sequence) {
        status.textContent = 'The server could not be reached.';
        busy(false);
      }
      return;
    }
    if (mine !== sequence) return; // a newer edit is already on its way
    busy(false);
    if (response.status === 401) {
      $('token-box').hidden = false;
      status.textContent = 'This server needs an access token: enter it below the claim lines.';
      return;
    }
    if (!response.ok) {
      if (body.error === 'invalid-claim') showClaimError(body.message);
      status.textContent = `Not checked: ${body.message}`;
      return;
    }
    render(body, text);
  }

  function verdictOf(result) {
    const d = result.documentation;
    if (result.claim) {
      const code = result.claim.recommendedCode;
      const action = ACTIONS[result.claim.action] + (result.claim.action === 'recode' && code ? ` to ${code}` : '');
      return { kind: result.claim.action, text: `Claim: ${action}.` };
    }
    if (d.supported) return { kind: 'supported', text: `Supported: the documentation supports ${d.guidanceCode}.` };
    if (!d.needlePlacement) return { kind: 'calm', text: 'Guidance codes do not apply: the note describes no needle placement.' };
    if (d.technique === 'landmark') return { kind: 'calm', text: 'Cannot support a guidance code: landmark technique, no imaging guided the needle.' };
    if (d.technique === 'unstated') return { kind: 'calm', text: 'Cannot support a guidance code: the note does not say how the needle was guided.' };
    const missing = ELEMENTS.filter(([key, , need, when]) => need === 'required' && applies(when, d) && !d.elements[key].present).map(([, label]) => label.toLowerCase());
    if (missing.length) return { kind: 'not-supported', text: `Not supported: missing ${missing.join(', ')}.` };
    return { kind: 'not-supported', text: 'Not supported: the guidance code cannot be determined from the site.' };
  }

  /** Every highlighted stretch, once per distinct offset range, in text order. */
  function collectSpans(result) {
    const byRange = new Map();
    const add = (start, end, kind) => {
      if (!(end > start)) return null;
      const key = `${start}-${end}`;
      if (!byRange.has(key)) byRange.set(key, { start, end, kinds: new Set() });
      byRange.get(key).kinds.add(kind);
      return byRange.get(key);
    };
    const d = result.documentation;
    for (const [key] of ELEMENTS) for (const s of d.elements[key].evidence) add(s.offset, s.endOffset, 'evidence');
    if (d.site && d.site.span) add(d.site.span.offset, d.site.span.endOffset, 'site');
    for (const m of result.messages) if (m.offset != null) add(m.offset, m.endOffset, m.severity);
    const spans = [...byRange.values()].sort((a, b) => a.start - b.start || b.end - a.end);
    spans.forEach((s, i) => { s.id = `span-${i}`; });
    return { spans, idOf: (start, end) => (byRange.get(`${start}-${end}`) || {}).id };
  }

  /** The note as text pieces split at every span edge; covered pieces become <mark>s. */
  function renderAnnotated(text, spans) {
    const pre = $('annotated');
    pre.replaceChildren();
    const edges = new Set([0, text.length]);
    for (const s of spans) { edges.add(Math.min(s.start, text.length)); edges.add(Math.min(s.end, text.length)); }
    const cuts = [...edges].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [from, to] = [cuts[i], cuts[i + 1]];
      const covering = spans.filter((s) => s.start <= from && s.end >= to);
      const piece = text.slice(from, to);
      if (covering.length === 0) { pre.append(piece); continue; }
      const kinds = new Set(covering.flatMap((s) => [...s.kinds]));
      const mark = el('mark', { class: [...kinds].join(' '), 'data-spans': covering.map((s) => s.id).join(' '), text: piece });
      // a span is reached by the id of its first piece; spans starting at the same place share it
      const [first, ...others] = covering.filter((s) => s.start === from);
      if (first) { mark.id = first.id; mark.tabIndex = -1; }
      for (const s of others) pre.append(el('span', { id: s.id, tabindex: '-1' }));
      pre.append(mark);
    }
  }

  function spanLink(span, id) {
    const label = `“${span.text}” (line ${span.line})`;
    return el('a', { href: `#${id}`, class: 'evidence-link', 'data-span': id, text: label });
  }

  function render(result, text) {
    const d = result.documentation;
    const { spans, idOf } = collectSpans(result);
    renderAnnotated(text, spans);

    const verdict = verdictOf(result);
    $('verdict').textContent = verdict.text;
    $('verdict').dataset.verdict = verdict.kind;
    $('guidance-code').textContent = d.guidanceCode || 'none';
    $('technique').textContent = d.technique;
    $('modality').textContent = d.modality || 'none';
    const site = $('site');
    site.replaceChildren();
    if (d.site) {
      const words = [d.site.laterality, SITE_WORDS.get(d.site.region) || d.site.region].filter(Boolean).join(' ');
      const spinal = d.site.spinal === null ? 'spinal or not: payer decides' : d.site.spinal ? 'spinal' : 'non-spinal';
      site.append(`${words} (${spinal}) `);
      if (d.site.span && idOf(d.site.span.offset, d.site.span.endOffset)) site.append(spanLink(d.site.span, idOf(d.site.span.offset, d.site.span.endOffset)));
    } else site.textContent = 'not found';

    const checklist = $('checklist');
    checklist.replaceChildren();
    for (const [key, label, need, when] of ELEMENTS) {
      const element = d.elements[key];
      const state = !applies(when, d) ? 'not-applicable' : element.present ? 'found' : 'missing';
      let detail = state === 'not-applicable' ? 'not applicable' : `${state} (${need})`;
      if (element.present && element.seconds != null) detail = `found: ${element.seconds} s (${need})`;
      const evidence = el('ul', { class: 'evidence-list' });
      for (const s of element.evidence) {
        const id = idOf(s.offset, s.endOffset);
        if (id) evidence.append(el('li', {}, spanLink(s, id)));
      }
      checklist.append(el('li', { class: `element ${state}`, 'data-element': key, 'data-state': state, 'data-need': need },
        el('span', { class: 'icon', 'aria-hidden': 'true', text: { found: '✓', missing: '✗', 'not-applicable': '–' }[state] }),
        el('span', { class: 'name', text: label }), ' ',
        el('span', { class: 'state', text: detail }),
        element.evidence.length ? evidence : null));
    }

    const findings = $('findings');
    findings.replaceChildren();
    if (result.messages.length === 0) findings.append(el('li', { class: 'none', text: 'No findings.' }));
    for (const m of result.messages) {
      const id = m.offset != null ? idOf(m.offset, m.endOffset) : undefined;
      const where = id ? el('a', { href: `#${id}`, class: 'evidence-link', 'data-span': id, text: `line ${m.line}:${m.column}` }) : el('span', { text: `line ${m.line}:${m.column}` });
      findings.append(el('li', { class: `finding ${m.severity}`, 'data-rule': m.ruleId },
        el('span', { class: 'severity', text: m.severity }), ' ',
        el('code', { class: 'rule', text: m.ruleId }), ' ', where,
        el('p', { class: 'message', text: m.message }),
        m.suggestion ? el('p', { class: 'suggestion' }, el('strong', { text: 'Suggestion: ' }), m.suggestion) : null));
    }

    const { errors, warnings } = result.summary;
    status.textContent = `Checked: ${verdict.text} ${errors} error(s), ${warnings} warning(s).`;
    $('outcome').hidden = false;
  }

  /** Following an evidence link lights up every piece of that span and moves focus to it. */
  function showSpan(id) {
    for (const m of document.querySelectorAll('#annotated mark.current')) m.classList.remove('current');
    const pieces = [...document.querySelectorAll('#annotated mark')].filter((m) => m.dataset.spans.split(' ').includes(id));
    for (const m of pieces) m.classList.add('current');
    const first = document.getElementById(id);
    if (first) {
      first.focus({ preventScroll: true });
      first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  }

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a.evidence-link');
    if (!link) return;
    event.preventDefault();
    showSpan(link.dataset.span);
  });
  note.addEventListener('input', schedule);
  for (const id of ['cpt', 'dx', 'pos']) $(id).addEventListener('input', schedule);
  $('token').addEventListener('change', () => {
    sessionStorage.setItem('guidelint-token', $('token').value);
    check();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      check();
    }
  });
})();
