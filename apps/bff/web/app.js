// The demo page: plain browser JavaScript, no framework, no external resource.
'use strict';

const BRANCHES = ['user', 'orders', 'loyalty', 'recommendations'];
const $ = (selector) => document.querySelector(selector);
let settings = { jaegerUiUrl: 'http://localhost:16686', users: { min: 1, max: 300 } };

const SCENARIOS = [
  {
    name: '1. Sequential waterfall vs parallel fan-out',
    now: () => 'the strategy buttons above',
    problem: 'click Sequential: the calls run one after another, the total is their sum',
    fix: 'click Parallel: the total is the slowest call',
  },
  {
    name: '2. N+1 calls in recommendation-service',
    now: (s) => (s.nPlusOne ? 'N+1 (on)' : 'batched (off)'),
    problem: 'SCENARIO_N_PLUS_ONE=on npm start: one GET /orders/:orderId per order, in a row',
    fix: 'unset it: one GET /users/:userId/orders',
  },
  {
    name: '3. Connection limit: calls queue',
    now: (s) => (s.connectionLimit > 0 ? `${s.connectionLimit} at once` : 'no cap'),
    problem:
      'SCENARIO_CONNECTION_LIMIT=4 npm start, then Burst ×8: CLIENT spans carry connection.queued events and app.connection.wait_ms',
    fix: 'unset it (or size the pool for the load): no waiting',
  },
  {
    name: '4. Retry storm without jitter',
    now: (s) => (s.retryJitter ? 'jitter on' : 'jitter off'),
    problem:
      'SCENARIO_RETRY_JITTER=off npm start, click "Orders fail", then Burst ×8: every retry fires at the same instant',
    fix: 'unset it: retries spread out (decorrelated jitter)',
  },
];

function userId() {
  const value = Number($('#user').value);
  const { min, max } = settings.users;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`pick a user from ${min} to ${max}`);
  }
  return value;
}

function setStatus(text) {
  $('#status').textContent = text;
}

async function loadDashboard(user, strategy, concurrency) {
  const query = new URLSearchParams({ strategy });
  if (strategy === 'bounded') query.set('concurrency', String(concurrency));
  const started = performance.now();
  const response = await fetch(`/api/users/${user}/dashboard?${query}`);
  const body = await response.json().catch(() => ({}));
  return {
    user,
    strategy,
    concurrency,
    status: response.status,
    correlationId: response.headers.get('x-correlation-id') ?? body.meta?.correlationId ?? '',
    clientMs: Math.round(performance.now() - started),
    body,
  };
}

function render(result) {
  const item = $('#result-template').content.firstElementChild.cloneNode(true);
  const meta = result.body.meta;
  const label =
    result.strategy === 'bounded' ? `bounded (concurrency ${result.concurrency})` : result.strategy;
  item.dataset.strategy = result.strategy;
  item.dataset.status = String(result.status);
  item.querySelector('.title').textContent = `user ${result.user} · ${label} · ${result.status}`;
  item.querySelector('.elapsed').textContent = meta
    ? `${meta.elapsedMs} ms in the BFF${meta.degraded.length ? ` · degraded: ${meta.degraded.join(', ')}` : ''}`
    : `${result.clientMs} ms`;
  item.querySelector('.correlation').textContent = meta?.correlationId ?? result.correlationId;
  const traceId = meta?.traceId ?? '';
  item.querySelector('.trace').textContent = traceId || '(none)';
  const link = item.querySelector('.jaeger');
  if (traceId) link.href = `${settings.jaegerUiUrl}/trace/${traceId}`;
  else link.hidden = true;
  // Where the linked Jaeger has only its placeholder UI, the trace is drawn here (trace-view.js).
  window.TraceView?.attach(item, traceId, settings);

  if (!meta) {
    const error = item.querySelector('.failure');
    error.hidden = false;
    error.textContent = result.body.message ?? `the BFF answered ${result.status}`;
  } else {
    drawBars(item.querySelector('.bars'), meta);
  }
  $('#results').prepend(item);
}

function drawBars(container, meta) {
  const ends = BRANCHES.map((b) => (meta.branches[b]?.startMs ?? 0) + (meta.branches[b]?.ms ?? 0));
  const scale = Math.max(meta.elapsedMs, ...ends, 1);
  for (const name of BRANCHES) {
    const branch = meta.branches[name];
    if (!branch) continue;
    const row = document.createElement('div');
    row.className = 'bar-row';
    row.dataset.branch = name;
    row.dataset.status = branch.status;
    row.dataset.ms = String(branch.ms);
    const title = document.createElement('span');
    title.className = 'bar-label';
    title.textContent = name;
    const track = document.createElement('div');
    track.className = 'track';
    const bar = document.createElement('div');
    bar.className = `bar ${branch.status}`;
    const start = branch.startMs ?? 0;
    bar.style.left = `${(start / scale) * 100}%`;
    bar.style.width = `${(branch.ms / scale) * 100}%`;
    // Replayed at real speed: each bar grows from its start for as long as the call took.
    bar.style.setProperty('--delay', `${start}ms`);
    bar.style.setProperty('--dur', `${Math.max(branch.ms, 1)}ms`);
    bar.textContent = `${branch.status} ${branch.ms} ms`;
    bar.title = `${name}: ${branch.status}, started at +${start} ms, took ${branch.ms} ms`;
    track.append(bar);
    row.append(title, track);
    if (branch.detail || branch.fallback) {
      const detail = document.createElement('span');
      detail.className = 'detail';
      detail.textContent = [branch.detail, branch.fallback && `answered: ${branch.fallback}`]
        .filter(Boolean)
        .join(' · ');
      row.append(detail);
    }
    container.append(row);
  }
}

async function onStrategy(strategy) {
  try {
    const user = userId();
    setStatus(`loading user ${user} (${strategy})…`);
    const result = await loadDashboard(user, strategy, Number($('#concurrency').value));
    render(result);
    setStatus(`user ${user} (${strategy}): ${result.status} in ${result.clientMs} ms`);
  } catch (error) {
    setStatus(`could not load the dashboard: ${error.message}`);
  }
}

async function onBurst() {
  try {
    const first = userId();
    const { max } = settings.users;
    setStatus('eight dashboards at once…');
    const users = Array.from({ length: 8 }, (_, i) => ((first - 1 + i) % max) + 1);
    const results = await Promise.all(users.map((u) => loadDashboard(u, 'parallel', 2)));
    results.reverse().forEach(render);
    const slowest = Math.max(...results.map((r) => r.clientMs));
    setStatus(`burst of 8: slowest ${slowest} ms; compare the traces in Jaeger`);
  } catch (error) {
    setStatus(`could not load the dashboards: ${error.message}`);
  }
}

function describeActive(active) {
  const lines = Object.entries(active)
    .filter(([, faults]) => faults.length > 0)
    .map(([service, faults]) => `${service}: ${faults.map((f) => f.id ?? f.kind).join(', ')}`);
  return lines.length ? `active faults: ${lines.join(' · ')}` : 'no active faults';
}

async function onChaos(action) {
  const status = $('#chaos-status');
  status.textContent = `${action}…`;
  try {
    const response = await fetch(`/api/chaos/${encodeURIComponent(action)}`, { method: 'POST' });
    const body = await response.json();
    status.textContent = response.ok ? describeActive(body.active) : body.message;
  } catch (error) {
    status.textContent = `the BFF did not answer: ${error.message}`;
  }
}

function setUpChaos(chaos) {
  if (!chaos?.enabled) return;
  const box = $('#chaos-actions');
  for (const action of [...chaos.actions, { id: 'clear', label: 'Clear all faults' }]) {
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.action = action.id;
    button.textContent = action.label;
    if (action.id === 'clear') button.className = 'clear';
    if (action.description) button.title = action.description;
    button.addEventListener('click', () => void onChaos(action.id));
    box.append(button);
  }
  $('#chaos').hidden = false;
}

function setUpScenarios(current) {
  const body = $('#scenarios tbody');
  for (const scenario of SCENARIOS) {
    const row = document.createElement('tr');
    for (const text of [
      scenario.name,
      current ? scenario.now(current) : '?',
      scenario.problem,
      scenario.fix,
    ]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    body.append(row);
  }
}

async function main() {
  for (const button of document.querySelectorAll('button.strategy')) {
    button.addEventListener('click', () => void onStrategy(button.dataset.strategy));
  }
  $('#burst').addEventListener('click', () => void onBurst());
  try {
    const response = await fetch('/api/config');
    settings = await response.json();
  } catch (error) {
    setStatus(`could not read /api/config (${error.message}); using defaults`);
  }
  setUpChaos(settings.chaos);
  setUpScenarios(settings.scenarios);
  document.body.dataset.ready = 'true';
}

void main();
