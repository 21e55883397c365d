(() => {
  'use strict';
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = id => document.getElementById(id);
  const views = ['overview', 'rows', 'config', 'suggestions'];
  const state = {
    shownRun: null, overview: null, filters: { outcome: '', type: '', flow: '', text: '', reason: '' }, groupLabel: '',
    page: 1, size: 50, selected: null, config: null, savedText: null, validateTimer: 0, polling: false, suggestionsRun: null,
  };

  // Elements are built, never parsed from strings: row data cannot inject markup.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) if (c !== null && c !== undefined
        && c !== false) node.append(c instanceof Node ? c : String(c));
    return node;
  }
  // replaceChildren, with the same rules as el: nested lists flattened, null and false left out.
  function put(node, ...children) {
    node.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
  }
  const svg = (tag, attrs, ...children) => {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  };

  async function api(path, body) {
    const init = { headers: { 'X-Studio-Token': token } };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try { data = await response.json(); } catch { data = { error: `${response.status} ${response.statusText}` }; }
    if (!response.ok) throw Object.assign(new Error(data && data.error || response.statusText), { status: response.status, body: data });
    return data;
  }

  // ---- views and keyboard ----
  function show(view) {
    if (!views.includes(view)) view = 'overview';
    for (const v of views) {
      $('view-' + v).hidden = v !== view;
      const tab = $('tab-' + v);
      tab.setAttribute('aria-selected', String(v === view));
      tab.tabIndex = v === view ? 0 : -1;
    }
    if (location.hash !== '#' + view) history.replaceState(null, '', location.pathname + location.search + '#' + view);
    if (view === 'rows') loadRows();
    if (view === 'config') loadConfig();
    if (view === 'suggestions') loadSuggestions();
  }
  document.querySelectorAll('.tabs button').forEach(tab => {
    tab.addEventListener('click', () => show(tab.dataset.view));
    tab.addEventListener('keydown', e => {
      const i = views.indexOf(tab.dataset.view);
      const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? views.length - 1 : 0;
      const next = step ? views[(i + step) % views.length] : null;
      if (next) { e.preventDefault(); show(next); $('tab-' + next).focus(); }
    });
  });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));

  // ---- overview ----
  const colours = { recovered: 'var(--recovered)', failed: 'var(--failed)', unrecoverable: 'var(--unrecoverable)' };
  const outcomes = ['recovered', 'failed', 'unrecoverable'];
  const plural = (n, word) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

  async function loadOverview() {
    const o = await api('/api/overview');
    state.overview = o;
    $('sample-info').textContent = `${plural(o.sampleSize, 'row')} in the sample` +
      (o.linesRead > o.sampleSize ? ` (of ${o.linesRead.toLocaleString('en')} read)` : '') +
      ` from ${o.inputs.join(', ')} · config ${o.configPath}` + (o.verifies ? ' · verified against Iglu' : '');
    $('overview-problem').hidden = !o.problem;
    $('overview-problem').textContent = o.problem || '';
    if (o.run === null) return o;
    state.shownRun = o.run;
    const t = o.totals, total = t.recovered + t.failed + t.unrecoverable;
    put($('totals'), ...outcomes.map(k => el('div', { class: 'card ' + k, 'data-outcome': k },
      el('span', { class: 'n' }, t[k].toLocaleString('en')), `${k} · ${total ? Math.round(100 * t[k] / total) : 0} %`)));
    const v = o.verification;
    $('verification').hidden = !v;
    if (v) put($('verification'), 
      el('div', { class: 'card passed' }, el('span', { class: 'n' }, v.passed), 'would enrich'),
      el('div', { class: 'card would-fail' }, el('span', { class: 'n' }, v.wouldFail), 'would fail enrichment'),
      el('div', { class: 'card not-verified' }, el('span', { class: 'n' }, v.notVerified + v.notChecked), 'not verified / not checked'));
    put($('chart-type'), stackedBars(o.byType, 'type'));
    put($('chart-flow'), stackedBars(o.byFlow, 'flow'));
    const largest = Math.max(1, ...o.groups.map(g => g.count));
    put($('groups').tBodies[0], ...o.groups.map(g => el('tr', { 'data-group-reason': g.reason },
      el('td', { class: 'num' }, el('span', { class: 'bar', style: `width:${Math.max(2, 60 * g.count / largest)}px`,
          'aria-hidden': 'true' }), g.count),
      el('td', {}, g.badRowType), el('td', {}, el('span', { class: 'badge ' + g.outcome }, g.outcome)),
      el('td', { class: 'reason' }, g.reason), el('td', { class: 'mono' }, g.examples.join('\n')),
      el('td', {}, el('button', { type: 'button', onclick: () => showGroup(g) }, 'Show rows')))));
    $('groups').hidden = o.groups.length === 0;
    $('no-groups').hidden = o.groups.length !== 0;
    fillSelect($('f-type'), o.byType.map(c => c.name));
    fillSelect($('f-flow'), o.byFlow.map(c => c.name));
    return o;
  }

  function fillSelect(select, names) {
    const current = select.value;
    select.replaceChildren(el('option', { value: '' }, 'any'), ...names.map(n => el('option', { value: n }, n)));
    select.value = names.includes(current) ? current : '';
  }

  // Horizontal stacked bars, one per name: recovered, failed, unrecoverable; numbers at the end.
  function stackedBars(items, what) {
    if (items.length === 0) return el('p', { class: 'muted' }, 'nothing to show');
    const labelWidth = 190, barWidth = 340, rowHeight = 26, width = labelWidth + barWidth + 110;
    const max = Math.max(1, ...items.map(i => i.recovered + i.failed + i.unrecoverable));
    const chart = svg('svg', { viewBox: `0 0 ${width} ${items.length * rowHeight + 4}`, role: 'img',
      'aria-label': `Outcomes by ${what}: `
        + items.map(i => `${i.name}: ${i.recovered} recovered, ${i.failed} failed, ${i.unrecoverable} unrecoverable`).join('; ') });
    items.forEach((item, row) => {
      const y = row * rowHeight + 4;
      const name = item.name.length > 28 ? item.name.slice(0, 27) + '…' : item.name;
      chart.append(svg('text', { x: labelWidth - 8, y: y + 14, 'text-anchor': 'end' }, svg('title', {}, item.name), name));
      let x = labelWidth;
      for (const k of outcomes) {
        if (!item[k]) continue;
        const w = Math.max(2, barWidth * item[k] / max);
        chart.append(svg('rect', { x, y, width: w, height: rowHeight - 8, fill: colours[k], 'data-outcome': k, 'data-count': item[k] },
          svg('title', {}, `${item.name}: ${item[k]} ${k}`)));
        x += w;
      }
      const total = item.recovered + item.failed + item.unrecoverable;
      chart.append(svg('text', { x: x + 6, y: y + 14, class: 'count' },
          item.recovered === total ? `${total} recovered` : `${item.recovered} of ${total} recovered`));
    });
    const legend = el('div', { class: 'legend' }, outcomes.map(k => el('span', {}, el('i', { style: `background:${colours[k]}` }), k)));
    const box = el('div', { 'data-chart': what }, chart, legend);
    return box;
  }

  function showGroup(g) {
    state.filters = { outcome: g.outcome, type: g.badRowType, flow: '', text: '', reason: g.reason };
    state.groupLabel = `${g.count} ${g.outcome} ${g.badRowType}: ${g.reason.length > 90 ? g.reason.slice(0, 89) + '…' : g.reason}`;
    state.page = 1;
    syncFilters();
    show('rows');
  }

  // ---- rows ----
  function syncFilters() {
    $('f-outcome').value = state.filters.outcome;
    $('f-type').value = state.filters.type;
    $('f-flow').value = state.filters.flow;
    $('f-text').value = state.filters.text;
    $('f-group').hidden = !state.filters.reason;
    $('f-group-text').textContent = state.groupLabel;
  }
  function filterChanged() {
    state.filters.outcome = $('f-outcome').value;
    state.filters.type = $('f-type').value;
    state.filters.flow = $('f-flow').value;
    state.filters.text = $('f-text').value;
    state.page = 1;
    loadRows();
  }
  ['f-outcome', 'f-type', 'f-flow'].forEach(id => $(id).addEventListener('change', filterChanged));
  let textTimer = 0;
  $('f-text').addEventListener('input', () => { clearTimeout(textTimer); textTimer = setTimeout(filterChanged, 250); });
  $('row-filters').addEventListener('submit', e => { e.preventDefault(); filterChanged(); });
  $('f-group-clear').addEventListener('click', () => { state.filters.reason = ''; state.groupLabel = ''; syncFilters(); filterChanged(); });
  $('page-prev').addEventListener('click', () => { if (state.page > 1) { state.page--; loadRows(); } });
  $('page-next').addEventListener('click', () => { state.page++; loadRows(); });

  async function loadRows() {
    if (state.shownRun === null) return;
    const q = new URLSearchParams({ page: state.page, size: state.size });
    for (const [k, v] of Object.entries(state.filters)) if (v) q.set(k, v);
    let data;
    try { data = await api('/api/rows?' + q); } catch (e) { $('page-info').textContent = e.message; return; }
    const last = Math.max(1, Math.ceil(data.total / data.pageSize));
    if (state.page > last && data.total > 0) { state.page = last; return loadRows(); }
    const first = data.total === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
    $('page-info').textContent = data.total === 0 ? 'no rows match'
      : `rows ${first}–${first + data.rows.length - 1} of ${data.total} (run ${data.run})`;
    $('page-prev').disabled = data.page <= 1;
    $('page-next').disabled = data.page >= last;
    put($('rows').tBodies[0], ...data.rows.map(r => rowLine(r)));
  }

  function rowLine(r) {
    const tr = el('tr', { tabindex: '0', 'data-index': r.index, class: state.selected === r.index ? 'selected' : null,
      onclick: () => openTrace(r.index), onkeydown: e => { if (e.key === 'Enter'
          || e.key === ' ') { e.preventDefault(); openTrace(r.index); } } },
      el('td', { class: 'num' }, r.index + 1), el('td', { class: 'mono' }, r.location), el('td', {}, r.badRowType),
      el('td', {}, el('span', { class: 'badge ' + r.outcome }, r.outcome), r.verdict ? [' ', el('span',
          { class: 'badge ' + r.verdict.replace(' ', '-') }, r.verdict)] : null),
      el('td', {}, r.flows.join(', ')), el('td', { class: 'reason' }, r.reason ? (r.reason.length > 220 ? r.reason.slice(0,
          219) + '…' : r.reason) : ''));
    return tr;
  }

  // ---- trace ----
  const pretty = v => typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  async function openTrace(index) {
    state.selected = index;
    document.querySelectorAll('#rows tbody tr').forEach(tr => tr.classList.toggle('selected', Number(tr.dataset.index) === index));
    const box = $('trace');
    box.hidden = false;
    put(box, el('p', { class: 'muted' }, 'loading…'));
    let data;
    try { data = await api('/api/rows/' + index); } catch (e) { put(box, el('p', { class: 'problem' }, e.message)); return; }
    const t = data.trace;
    const parts = [
      el('h3', {}, 'Row ', el('code', {}, t.location), ' ', el('span', { class: 'badge ' + t.outcome.kind, id: 'trace-outcome' },
          t.outcome.kind)),
      el('dl', { class: 'kv' },
        el('dt', {}, 'bad row type'), el('dd', {}, t.badRowType),
        el('dt', {}, 'schema'), el('dd', { class: 'mono' }, t.schema || '—'),
        t.unwrapped.length ? [el('dt', {}, 'unwrapped'), el('dd', { class: 'mono' }, t.unwrapped.join(' → '))] : null,
        el('dt', {}, 'recoveries before'), el('dd', {}, t.recoveries),
        el('dt', {}, 'flows run'), el('dd', {}, t.outcome.flows.join(', ') || 'none'),
        t.outcome.unchanged.length ? [el('dt', {}, 'changed nothing'), el('dd', {}, t.outcome.unchanged.join('; '))] : null),
      t.outcome.reason ? el('div', {}, el('h3', {}, 'Reason'), el('pre', { class: 'value', id: 'trace-reason' }, t.outcome.reason)) : null,
    ];
    if (data.verification) parts.push(el('h3', {}, 'Would it enrich? ',
      el('span', { class: 'badge ' + data.verification.kind.replace(' ', '-') }, data.verification.kind)),
      data.verification.reason ? el('pre', { class: 'value' }, data.verification.reason) : null);
    parts.push(el('h3', {}, 'Flows ', el('span', { class: 'muted' },
        `(every flow keyed by a schema matching the row's, in configuration order)`)));
    if (t.flows.length === 0) parts.push(el('p', { class: 'muted' }, 'No flow of the configuration is keyed by this row\'s schema.'));
    for (const f of t.flows) parts.push(flowBlock(f));
    if (t.outcome.decoded) parts.push(el('h3', {}, 'Rebuilt collector payload, decoded'), payloadBlock(t.outcome.decoded));
    parts.push(el('details', {}, el('summary', {}, 'The bad row as read' + (data.lineShortened ? ' (shortened)' : '')),
      el('pre', { class: 'value' }, prettyLine(data.line))));
    put(box, ...parts);
    box.focus({ preventScroll: true });
    box.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  function prettyLine(line) { try { return JSON.stringify(JSON.parse(line), null, 2); } catch { return line; } }

  function flowBlock(f) {
    return el('div', { class: 'flow' + (f.applied ? ' applied' : ''), 'data-flow': f.name },
      el('div', {}, el('strong', {}, f.name), ' ', el('span', { class: 'badge ' + (f.applied ? 'held' : 'not-held') },
          f.applied ? 'applied' : 'not applied'),
        ' ', el('span', { class: 'muted mono' }, f.key)),
      f.conditions.length ? el('ol', { start: 0, class: 'conditions' }, f.conditions.map(c => el('li', {},
        el('span', { class: 'badge ' + (c.skipped ? 'skipped' : c.held ? 'held' : 'not-held') },
            c.skipped ? 'not evaluated' : c.held ? 'held' : 'did not hold'),
        ' Test ', el('code', {}, c.path), ' ', el('code', {}, c.matcher),
        c.found.length ? el('div', {}, el('span', { class: 'muted' }, 'found '), c.found.map(v => el('pre', { class: 'value' },
            pretty(v)))) : null,
        c.notFound ? el('div', { class: 'muted' }, `path not found at ${c.notFound.at}: ${c.notFound.why}`) : null,
        c.error ? el('div', { class: 'problem' }, c.error) : null))) : el('p', { class: 'muted' },
            'no conditions: applies to every row of its key'),
      f.steps.length ? el('ol', { start: 0, class: 'steps' }, f.steps.map(s => el('li', {},
        el('strong', {}, s.op), ' ', el('code', {}, s.path), ' ', s.changed ? '' : el('span', { class: 'badge skipped' },
            'changed nothing'),
        s.before.map((b, i) => diffBlock(b, s.after[i])),
        s.notFound ? el('div', { class: 'problem' }, `path not found at ${s.notFound.at}: ${s.notFound.why}`) : null,
        s.error ? el('div', { class: 'problem' }, s.error) : null))) : null);
  }

  // Before/after of a step: strings by characters (what changed is marked), JSON values by lines.
  function diffBlock(before, after) {
    if (after === undefined) return el('div', { class: 'diff' }, el('span', { class: 'label' }, 'before'), el('pre', { class: 'value' },
        pretty(before)));
    if (typeof before === 'string' && typeof after === 'string' && !before.includes('\n') && !after.includes('\n')) {
      let p = 0; while (p < before.length && p < after.length && before[p] === after[p]) p++;
      let s = 0; while (s < before.length - p && s < after.length - p && before[before.length - 1 - s] === after[after.length - 1 - s]) s++;
      const cut = (v, tag) => [v.slice(0, p), el(tag, {}, v.slice(p, v.length - s)), v.slice(v.length - s)];
      return el('div', { class: 'diff' }, el('span', { class: 'label' }, 'before'), el('pre', { class: 'value before' }, cut(before,
          'del')),
        el('span', { class: 'label' }, 'after'), el('pre', { class: 'value after' }, cut(after, 'ins')));
    }
    // Values of different kinds (a Cast): strings keep their quotes, so "37" and 37 read differently.
    const json = v => JSON.stringify(v, null, 2);
    const a = json(before).split('\n'), b = json(after).split('\n');
    const lines = lineDiff(a, b);
    return el('div', { class: 'diff' }, el('span', { class: 'label' }, 'before → after'),
      el('pre', { class: 'value' }, lines.map(([kind, text]) =>
        el('span', { class: kind === '+' ? 'line-ins' : kind === '-' ? 'line-del' : null }, `${kind === ' ' ? ' ' : kind} ${text}\n`))));
  }

  function lineDiff(a, b) {
    if (a.length * b.length > 250000) return [...a.map(l => ['-', l]), ...b.map(l => ['+', l])];
    const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
    for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    const out = [];
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; }
      else if (lcs[i + 1][j] >= lcs[i][j + 1]) out.push(['-', a[i++]]);
      else out.push(['+', b[j++]]);
    }
    while (i < a.length) out.push(['-', a[i++]]);
    while (j < b.length) out.push(['+', b[j++]]);
    return out;
  }

  function payloadBlock(d) {
    const fields = ['path', 'time', 'ipAddress', 'collector', 'userAgent', 'refererUri', 'hostname', 'networkUserId', 'contentType',
        'encoding', 'schema'];
    return el('div', { id: 'trace-payload' },
      el('dl', { class: 'kv' }, fields.filter(k => d[k] !== null && d[k] !== undefined).map(k => [el('dt', {}, k), el('dd',
          { class: 'mono' }, d[k])])),
      d.parameters.length ? el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {},
          'value (decoded)'))),
        el('tbody', {}, d.parameters.map(p => el('tr', {}, el('td', { class: 'mono' }, p.name),
          el('td', {}, el('pre', { class: 'value' }, p.json !== null ? pretty(p.json) : p.value)))))) : null,
      d.bodyJson !== null ? [el('h3', {}, 'Body'), el('pre', { class: 'value' }, pretty(d.bodyJson))] : d.body ? [el('h3', {}, 'Body'),
          el('pre', { class: 'value' }, d.body)] : null,
      d.headers && d.headers.length ? [el('h3', {}, 'Headers'), el('pre', { class: 'value' }, d.headers.join('\n'))] : null);
  }

  // ---- config ----
  const editor = $('config-text'), gutter = $('gutter');
  async function loadConfig(force) {
    if (state.config && !force) return;
    const c = await api('/api/config');
    state.config = c;
    state.savedText = c.text;
    $('config-path').textContent = c.path;
    editor.value = c.text;
    renderValidation(c.validation);
  }
  function renderGutter(problemLines) {
    const count = editor.value.split('\n').length;
    const nodes = [];
    for (let i = 1; i <= count; i++) nodes.push(problemLines.has(i) ? el('span', { class: 'bad' }, i) : i + '\n');
    put(gutter, ...nodes);
    gutter.scrollTop = editor.scrollTop;
  }
  function renderValidation(v) {
    const lines = new Set(v.problems.map(p => p.line).filter(l => l));
    renderGutter(lines);
    const item = p => el('li', {}, p.line ? el('button', { type: 'button', onclick: () => goToLine(p.line) }, `line ${p.line}`) : null,
        p.line ? ' ' : null,
      p.location ? el('code', {}, p.location) : null, p.location ? ': ' : null, p.message);
    put($('validation'), 
      v.valid ? el('p', { class: 'ok', id: 'validation-state' }, 'valid: ' + v.summary)
        : el('p', { class: 'bad', id: 'validation-state' }, `invalid: ${plural(v.problems.length, 'problem')}`),
      v.problems.length ? el('ul', { id: 'problems' }, v.problems.map(item)) : null,
      v.warnings.length ? [el('p', {}, 'Warnings'), el('ul', { id: 'warnings' }, v.warnings.map(item))] : null);
    $('rerun').disabled = !v.valid; $('save').disabled = !v.valid; $('export').disabled = !v.valid;
    markDirty();
  }
  function goToLine(line) {
    const lines = editor.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    editor.focus();
    editor.setSelectionRange(start, start + lines[line - 1].length);
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 18;
    editor.scrollTop = Math.max(0, (line - 4) * lineHeight);
  }
  function markDirty() {
    const dirty = state.savedText !== null && editor.value !== state.savedText;
    if (dirty) setMessage('unsaved changes');
    else if ($('config-message').textContent === 'unsaved changes') setMessage('');
  }
  function setMessage(text, bad) { const m = $('config-message'); m.textContent = text; m.className = bad ? 'bad' : 'muted'; }
  async function validateNow() {
    try { renderValidation(await api('/api/config/validate', { text: editor.value })); } catch (e) { setMessage(e.message, true); }
  }
  editor.addEventListener('input',
      () => { renderGutter(new Set()); clearTimeout(state.validateTimer); state.validateTimer = setTimeout(validateNow, 300); });
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; });
  editor.addEventListener('keydown', e => {
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey) { e.preventDefault(); editor.setRangeText('  ', editor.selectionStart,
        editor.selectionEnd, 'end'); editor.dispatchEvent(new Event('input')); }
    if (e.key === 'Escape') { editor.blur(); }
  });
  document.addEventListener('keydown', e => {
    if ($('view-config').hidden) return;
    if ((e.ctrlKey || e.metaKey) && e.key === 's') { e.preventDefault(); save(false); }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); rerun(); }
  });
  window.addEventListener('beforeunload', e => { if (state.savedText !== null && editor.value !== state.savedText) e.preventDefault(); });

  async function rerun() {
    clearTimeout(state.validateTimer);
    try {
      const status = await api('/api/runs', { text: editor.value });
      setMessage(`run ${status.number} started`);
      renderStatus(status);
      poll();
    } catch (e) {
      if (e.body && e.body.problems) renderValidation({ valid: false, problems: e.body.problems, warnings: [], summary: null });
      setMessage(e.message, true);
    }
  }
  async function save(overwrite) {
    try {
      const saved = await api('/api/config/save', { text: editor.value, overwrite });
      state.savedText = editor.value;
      setMessage(`saved to ${saved.path} (the previous text is kept in ${saved.backup})`);
    } catch (e) {
      if (e.status === 409 && confirm(e.message + '\n\nReplace the file with the text in the editor?')) return save(true);
      setMessage(e.message, true);
    }
  }
  $('rerun').addEventListener('click', rerun);
  $('save').addEventListener('click', () => save(false));
  $('revert').addEventListener('click',
      async () => { state.config = null; await loadConfig(true); setMessage('the file\'s text is back in the editor'); });
  $('export').addEventListener('click', async () => {
    try {
      const x = await api('/api/config/export', { text: editor.value });
      $('export-box').hidden = false;
      $('export-text').value = x.base64;
      $('export-text').select();
      setMessage('exported: the base64 below is the configuration for --config');
    } catch (e) { setMessage(e.message, true); }
  });

  // ---- runs ----
  function renderStatus(s) {
    const box = $('run-status');
    if (!s) { put(box, ); return; }
    if (s.state === 'running') {
      put(box, el('span', {}, `run ${s.number}: ${s.done.toLocaleString('en')} of ${s.total.toLocaleString('en')} rows`),
        el('progress', { max: s.total, value: s.done }),
        el('button', { type: 'button', id: 'cancel-run', onclick: async () => { try { await api(`/api/runs/${s.number}/cancel`,
            {}); } catch (e) { setMessage(e.message, true); } } }, 'Cancel'));
    } else {
      const words = { finished: 'shown', cancelled: 'cancelled (the previous run is shown)', failed: 'failed: ' + (s.error || '') };
      put(box, el('span', { class: 'muted', id: 'run-state', 'data-run': s.number, 'data-state': s.state },
          `run ${s.number} ${words[s.state] || s.state}`));
    }
  }
  async function poll() {
    if (state.polling) return;
    state.polling = true;
    try {
      for (;;) {
        const r = await api('/api/runs/latest');
        renderStatus(r.status);
        if (!r.status || r.status.state !== 'running') {
          if (r.shown !== null && r.shown !== state.shownRun) await runFinished(r);
          else if (r.status && r.status.state !== 'finished') setMessage(`run ${r.status.number} ${r.status.state}`,
              r.status.state === 'failed');
          break;
        }
        await new Promise(res => setTimeout(res, 250));
      }
    } finally { state.polling = false; }
  }
  async function runFinished(r) {
    await loadOverview();
    state.suggestionsRun = null;
    renderChanges(r.changes);
    if (r.changes) setMessage(`run ${r.changes.after} finished: see below what changed`);
    if (!$('view-rows').hidden) await loadRows();
    if (!$('view-suggestions').hidden) loadSuggestions();
    if (state.selected !== null && !$('trace').hidden) openTrace(state.selected);
  }
  function renderChanges(c) {
    const box = $('changes');
    if (!c) { put(box, ); return; }
    const kinds = [['newlyRecovered', 'newly recovered'], ['newlyFailed', 'newly failed (recovered before, not now)'],
      ['payloadChanged', 'recovered both times, payload changed'], ['reasonChanged', 'still not recovered, reason changed']];
    put(box, 
      el('p', { class: 'summary', id: 'changes-summary' }, `Run ${c.after} against run ${c.before}: ` +
        `${c.newlyRecovered.count} newly recovered, ${c.newlyFailed.count} newly failed, ` +
        `${plural(c.payloadChanged.count, 'payload')} changed, ` +
        `${plural(c.reasonChanged.count, 'reason')} changed`),
      kinds.filter(([k]) => c[k].count > 0).map(([k, label]) => el('div', { 'data-change': k },
        el('h3', {}, `${c[k].count} ${label}`),
        el('table', { class: 'grid rows' }, el('tbody', {}, c[k].first.map(r => {
          const tr = rowLine(r);
          tr.onclick = () => { show('rows'); openTrace(r.index); };
          return tr;
        }))),
        c[k].count > c[k].first.length ? el('p', { class: 'muted' }, `and ${c[k].count - c[k].first.length} more`) : null)));
  }

  // ---- suggestions ----
  async function loadSuggestions() {
    if (state.shownRun === null || state.suggestionsRun === state.shownRun) return;
    const box = $('suggestions');
    put(box, el('p', { class: 'muted' }, 'looking at the largest failure groups…'));
    let data;
    try { data = await api('/api/suggestions'); } catch (e) { put(box, el('p', { class: 'problem' }, e.message)); return; }
    state.suggestionsRun = data.run;
    if (data.groups.length === 0) { put(box, el('p', {}, 'No failed rows in the sample: nothing to repair.')); return; }
    put(box, ...data.groups.map(g => el('div', { class: 'suggestion' },
      el('h3', {}, `${g.count} ${g.outcome} ${g.badRowType}`), el('p', { class: 'mono muted' }, g.reason),
      g.proposals.length === 0 ? el('p', { class: 'none' }, 'No suggestion fits: ' + g.why) : g.proposals.map(proposalBlock))));
  }
  function proposalBlock(p) {
    const add = el('button', { type: 'button', class: 'primary', disabled: !!p.valueNeeded }, `Add flow ${p.flow.name} to the config`);
    // A value only the user knows (a parameter's right value) is asked for before the flow can be added.
    const value = p.valueNeeded ? el('input', { type: 'text', 'aria-label': p.valueNeeded, placeholder: p.valueNeeded, class: 'needed',
      oninput: e => { add.disabled = e.target.value.length === 0; } }) : null;
    add.addEventListener('click', () => {
      const flow = JSON.parse(JSON.stringify(p.flow));
      if (value) flow.steps[flow.steps.length - 1].value = value.value;
      addFlow({ ...p, flow });
    });
    return el('div', { class: 'proposal', 'data-kind': p.kind },
      el('p', {}, p.explanation, ` (${plural(p.rows, 'row')} of the group read)`),
      el('pre', { class: 'value' }, JSON.stringify(p.flow, null, 2)),
      value ? el('label', { class: 'needed-label' }, p.valueNeeded + ': ', value) : null,
      add);
  }
  async function addFlow(p) {
    await loadConfig();
    let config;
    try { config = JSON.parse(editor.value); } catch (e) {
      show('config');
      setMessage('the editor\'s text is not JSON: fix it before adding a flow', true);
      return;
    }
    config.data = config.data || {};
    const flows = config.data[p.key] = config.data[p.key] || [];
    let name = p.flow.name, n = 2;
    while (flows.some(f => f && f.name === name)) name = `${p.flow.name}-${n++}`;
    flows.push({ ...p.flow, name });
    editor.value = JSON.stringify(config, null, 2) + '\n';
    show('config');
    setMessage(`flow ${name} added under ${p.key}: re-run to see its effect, save to keep it`);
    await validateNow();
  }

  // ---- start ----
  show(location.hash.slice(1) || 'overview');
  loadOverview().then(o => { if (o.status && o.status.state === 'running') poll(); else renderStatus(o.status); })
    .catch(e => { $('overview-problem').hidden = false; $('overview-problem').textContent = e.message; });
})();
