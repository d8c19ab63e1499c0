// The auditor's desk: plain DOM and fetch against the gateway's own API. The access token
// lives in this module only (memory): never in the URL or in storage.
const API = '/api/v1';
let token = null;
let nextCursor = null;
let lastQuery = new URLSearchParams();
let current = null;

const $ = (id) => document.getElementById(id);

function say(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

async function call(path, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${API}${path}`, { ...init, headers });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(`${response.status} ${problem.code ?? ''} ${problem.detail ?? problem.title ?? problem.message ?? ''}`.trim());
  }
  return response;
}

/** Form fields that are filled in, with `datetime-local` values read as UTC. */
function queryOf(form) {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) {
    const text = String(value).trim();
    if (!text) continue;
    const input = form.elements.namedItem(name);
    query.set(name, input?.type === 'datetime-local' ? `${text.length === 16 ? `${text}:00` : text}Z` : text);
  }
  return query;
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text ?? '';
  return td;
}

function showRows(items, append) {
  const body = $('results').tBodies[0];
  if (!append) body.replaceChildren();
  for (const item of items) {
    const row = body.insertRow();
    row.tabIndex = 0;
    row.dataset.id = item.id;
    row.setAttribute('aria-label', `Record ${item.chain.seq}: ${item.type}`);
    cell(row, String(item.chain.seq));
    cell(row, item.occurredAt);
    cell(row, item.type);
    cell(row, item.service);
    cell(row, item.actorName ?? item.actorId);
    cell(row, `${item.entityType} ${item.entityId}`);
    const open = () => showRecord(item);
    row.addEventListener('click', open);
    row.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open();
      }
    });
  }
}

async function search(query, append = false) {
  const page = await (await call(`/audit/events?${query}`)).json();
  lastQuery = query;
  nextCursor = page.nextCursor;
  $('more').hidden = !nextCursor;
  showRows(page.items, append);
  say(`${$('results').tBodies[0].rows.length} record(s) shown`);
}

function describe(list, pairs) {
  list.replaceChildren();
  for (const [term, value] of pairs) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value ?? '—';
    list.append(dt, dd);
  }
}

const shown = (value) => (value === undefined ? '—' : JSON.stringify(value));

function showRecord(item) {
  current = item;
  describe($('record-fields'), [
    ['Type', item.type],
    ['Service', item.service],
    ['Entity', `${item.entityType} ${item.entityId}`],
    ['Actor', `${item.actorName ?? ''} ${item.actorId} (${item.actorRole ?? 'system'})`.trim()],
    ['Occurred', item.occurredAt],
    ['Recorded', item.recordedAt],
    ['Correlation id', item.correlationId],
    ['Causation id', item.causationId],
    ['Request id', item.requestId],
    ['Client', `${item.clientIp ?? ''} ${item.userAgent ?? ''}`.trim() || null],
    ['Data', JSON.stringify(item.data)],
  ]);
  const body = $('changes').tBodies[0];
  body.replaceChildren();
  for (const [field, change] of Object.entries(item.changes ?? {})) {
    const row = body.insertRow();
    cell(row, field);
    cell(row, shown(change.from));
    cell(row, shown(change.to));
  }
  if (!body.rows.length) cell(body.insertRow(), 'No field changes recorded').colSpan = 3;
  describe($('record-chain'), [
    ['Seq', String(item.chain.seq)],
    ['Previous hash', item.chain.prevHash],
    ['Hash', item.chain.hash],
  ]);
  $('record').hidden = false;
  $('record').focus();
}

async function verify(form) {
  const output = $('verify-result');
  output.textContent = 'Verifying…';
  output.className = '';
  const verdict = await (await call(`/audit/verify?${queryOf(form)}`)).json();
  const summary = `${verdict.records} record(s), ${verdict.checkpoints} checkpoint(s), last checkpoint ${verdict.lastCheckpoint ?? 'none'}, ${verdict.uncheckpointed} not yet checkpointed`;
  output.textContent = verdict.ok ? `ok: ${summary}` : `FAILED: ${JSON.stringify(verdict.finding)} (${summary})`;
  output.className = verdict.ok ? 'ok' : 'error';
}

async function download(form) {
  say('Preparing the signed export…');
  const response = await call(`/audit/export?${queryOf(form)}`);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'audit-export.tar';
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  say(`Downloaded ${name}`);
}

/** Runs a form's action, reporting failures in the status line. */
function handle(id, action) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    action(event.currentTarget).catch((error) => say(error.message, true));
  });
}

handle('login-form', async (form) => {
  const body = JSON.stringify({ email: form.elements.email.value, password: form.elements.password.value });
  const tokens = await (await call('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
  token = tokens.accessToken;
  form.reset();
  $('sign-in').hidden = true;
  $('desk').hidden = false;
  await search(new URLSearchParams());
  $('f-type').focus();
});
handle('filter-form', (form) => search(queryOf(form)));
handle('verify-form', verify);
handle('export-form', download);

$('more').addEventListener('click', () => {
  const query = new URLSearchParams(lastQuery);
  query.set('cursor', nextCursor);
  search(query, true).catch((error) => say(error.message, true));
});
$('follow').addEventListener('click', () => {
  const form = $('filter-form');
  form.reset();
  $('f-correlation').value = current.correlationId;
  search(queryOf(form)).catch((error) => say(error.message, true));
});
$('sign-out').addEventListener('click', () => {
  token = null;
  $('desk').hidden = true;
  $('record').hidden = true;
  $('results').tBodies[0].replaceChildren();
  $('sign-in').hidden = false;
  say('Signed out');
});
