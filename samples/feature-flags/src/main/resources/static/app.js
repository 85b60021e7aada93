// The feature-flag page: renders /api/state and re-renders on every change the server pushes (SSE).
const $ = (selector) => document.querySelector(selector);
let state = { flags: [], overrides: [] };
let editing = null;

function keyOf(id) { return `${id.group}.${id.name}`; }
function rowId(id) { return `flag-${id.group}-${id.name}`; }

function show(text, kind = 'info') {
  const box = $('#message');
  box.textContent = text;
  box.className = kind;
  box.hidden = false;
}

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 409) {
    const error = await response.json();
    const text = error.error === 'stale'
      ? 'Conflict: someone changed this flag since you opened it. Your edit was not saved; the list shows the latest revision.'
      : 'Conflict: a flag with this group and name already exists.';
    show(text, 'conflict');
    throw new Error('conflict');
  }
  if (!response.ok) {
    const error = await response.json().catch(() => ({ message: response.statusText }));
    show(error.message, 'error');
    throw new Error(error.message);
  }
  return response.status === 204 ? null : response.json();
}

async function load() {
  const filter = $('#filter').value.trim() || '*.*';
  const [flags, overrides] = await Promise.all([
    call('GET', `/api/flags?match=${encodeURIComponent(filter)}`),
    call('GET', '/api/overrides'),
  ]);
  state = { flags, overrides };
  render();
}

function render(changedKey) {
  const overrides = new Map(state.overrides.map((o) => [keyOf(o.id), o]));
  const rows = state.flags.map((flag) => {
    const override = overrides.get(keyOf(flag.id));
    const tr = document.createElement('tr');
    tr.id = rowId(flag.id);
    if (changedKey === keyOf(flag.id)) tr.className = 'flash';
    tr.innerHTML = `
      <td><strong>${keyOf(flag.id)}</strong></td>
      <td>${escape(flag.description || '')}</td>
      <td><span class="badge enabled ${flag.enabled ? 'on' : ''}">${flag.enabled ? 'on' : 'off'}</span></td>
      <td>${flag.rollout}%</td>
      <td class="revision">${flag.version}</td>
      <td class="override">${override ? `forced <strong>${override.enabled ? 'on' : 'off'}</strong> (${Math.round(parseFloat(override.ttl.replace(/[^0-9.]/g, '')))} s)` : '<span class="muted">–</span>'}</td>
      <td class="actions">
        <button class="small edit">Edit</button>
        <button class="small history">History</button>
        <button class="small override-30">Force on 30 s</button>
        <button class="small danger delete">Delete</button>
        <button class="small danger purge">Purge</button>
      </td>`;
    tr.querySelector('.edit').onclick = () => openEditor(flag);
    tr.querySelector('.history').onclick = () => showHistory(flag);
    tr.querySelector('.override-30').onclick = () => call('POST', `/api/flags/${flag.id.group}/${flag.id.name}/override`, { enabled: true, ttlSeconds: 30 });
    tr.querySelector('.delete').onclick = () => call('DELETE', `/api/flags/${flag.id.group}/${flag.id.name}`);
    tr.querySelector('.purge').onclick = () => call('POST', `/api/flags/${flag.id.group}/${flag.id.name}/purge`);
    return tr;
  });
  $('#flags').replaceChildren(...rows);
}

function escape(text) {
  const div = document.createElement('div');
  div.textContent = text;
  return div.innerHTML;
}

function openEditor(flag) {
  // The form keeps the revision it was opened at: saving sends it, and the store refuses a stale one.
  editing = flag;
  $('#edit-title').textContent = keyOf(flag.id);
  $('#edit-description').value = flag.description || '';
  $('#edit-enabled').checked = flag.enabled;
  $('#edit-rollout').value = flag.rollout;
  $('#edit-version').textContent = flag.version;
  $('#edit-panel').hidden = false;
}

async function showHistory(flag) {
  const entries = await call('GET', `/api/flags/${flag.id.group}/${flag.id.name}/history`);
  $('#history-title').textContent = keyOf(flag.id);
  $('#history').replaceChildren(...entries.map((entry) => {
    const li = document.createElement('li');
    li.textContent = entry.flag
      ? `revision ${entry.revision}: ${entry.flag.enabled ? 'on' : 'off'}, ${entry.flag.rollout}% — ${entry.flag.description || ''}`
      : `revision ${entry.revision}: ${entry.operation.toLowerCase()}`;
    return li;
  }));
  $('#history-panel').hidden = false;
}

$('#create-form').onsubmit = async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  await call('POST', '/api/flags', {
    group: form.get('group'), name: form.get('name'), description: form.get('description'),
    enabled: form.get('enabled') === 'on', rollout: Number(form.get('rollout')),
  });
  show(`Created ${form.get('group')}.${form.get('name')}`);
  event.target.reset();
};

$('#edit-form').onsubmit = async (event) => {
  event.preventDefault();
  const flag = editing;
  const saved = await call('PUT', `/api/flags/${flag.id.group}/${flag.id.name}`, {
    description: $('#edit-description').value, enabled: $('#edit-enabled').checked,
    rollout: Number($('#edit-rollout').value), version: flag.version,
  });
  show(`Saved ${keyOf(saved.id)} at revision ${saved.version}`);
  $('#edit-panel').hidden = true;
};

$('#edit-cancel').onclick = () => { $('#edit-panel').hidden = true; };
$('#filter').onchange = load;

function listen() {
  const source = new EventSource('/api/events');
  source.onopen = () => $('#live').className = 'live on';
  source.onerror = () => $('#live').className = 'live off';
  source.addEventListener('change', async (event) => {
    const change = JSON.parse(event.data);
    await load();
    if (change.kind === 'flag') render(change.key.replace(/^flag\./, ''));
  });
}

load().then(listen);
