// The request's trace drawn on the page itself, where the linked Jaeger serves only its placeholder
// UI (a build from Jaeger's Go module has no UI assets): read through the BFF (GET /api/traces/:id),
// so the page still talks to nothing but the BFF.
'use strict';

window.TraceView = (() => {
  const TRIES = 12;
  const PAUSE_MS = 600;
  const NOTE =
    'This Jaeger was built without its web UI, so the trace is drawn here. For the full Jaeger UI: ' +
    '`docker compose up`, or the official Jaeger release (infra/jaeger/ensure-jaeger.sh downloads it ' +
    'where GitHub is reachable; see infra/jaeger/README.md).';
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /** The trace once its span count stops growing (five services export a batch at a time). */
  async function settledTrace(traceId, onUpdate) {
    let last;
    for (let i = 0; i < TRIES; i++) {
      const response = await fetch(`/api/traces/${encodeURIComponent(traceId)}`);
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        if (last && body.spans.length === last.spans.length) return last;
        last = body;
        onUpdate(body);
      } else if (response.status !== 404) {
        throw new Error(body.message ?? `the BFF answered ${response.status}`);
      } else if (i === TRIES - 1) {
        throw new Error(body.message ?? 'the trace did not reach Jaeger');
      }
      await pause(PAUSE_MS);
    }
    return last;
  }

  function draw(box, trace) {
    box.querySelector('.trace-rows')?.remove();
    const rows = document.createElement('div');
    rows.className = 'trace-rows';
    const start = Math.min(...trace.spans.map((s) => s.startUs));
    const end = Math.max(...trace.spans.map((s) => s.startUs + s.durationUs));
    const total = Math.max(end - start, 1);
    const services = new Set(trace.spans.map((s) => s.service));
    const head = document.createElement('div');
    head.className = 'trace-head muted';
    head.textContent = `${services.size} services, ${trace.spans.length} spans, ${(total / 1000).toFixed(1)} ms`;
    rows.append(head);
    for (const span of trace.spans) {
      const row = document.createElement('div');
      row.className = 'span-row';
      row.dataset.service = span.service;
      row.dataset.depth = String(span.depth);
      row.dataset.kind = span.kind;
      const label = document.createElement('span');
      label.className = 'span-label';
      label.style.paddingLeft = `${span.depth * 0.8}rem`;
      label.textContent = `${span.service} · ${span.name}`;
      label.title = label.textContent;
      const track = document.createElement('div');
      track.className = 'track';
      const bar = document.createElement('div');
      bar.className = `span-bar ${span.error ? 'error' : span.kind}`;
      bar.style.left = `${((span.startUs - start) / total) * 100}%`;
      bar.style.width = `${(span.durationUs / total) * 100}%`;
      bar.textContent = `${(span.durationUs / 1000).toFixed(1)} ms`;
      bar.title = `${span.service} ${span.name}: +${((span.startUs - start) / 1000).toFixed(1)} ms, took ${(span.durationUs / 1000).toFixed(1)} ms`;
      track.append(bar);
      row.append(label, track);
      rows.append(row);
    }
    box.append(rows);
  }

  /** Replaces the dead-end "open in Jaeger" link of a result with the trace drawn in place. */
  function attach(item, traceId, settings) {
    if (!traceId || settings?.jaegerUi !== 'placeholder') return;
    const link = item.querySelector('a.jaeger');
    if (link) link.hidden = true;
    const box = document.createElement('div');
    box.className = 'trace-view';
    box.dataset.state = 'loading';
    const note = document.createElement('p');
    note.className = 'trace-note muted';
    note.textContent = NOTE;
    const status = document.createElement('p');
    status.className = 'trace-status muted';
    status.textContent = 'reading the trace from Jaeger…';
    box.append(note, status);
    item.append(box);
    settledTrace(traceId, (trace) => {
      status.hidden = true;
      draw(box, trace);
    }).then(
      () => (box.dataset.state = 'shown'),
      (error) => {
        status.hidden = false;
        status.textContent = `no trace to show: ${error.message}`;
        box.dataset.state = 'failed';
      },
    );
  }

  return { attach };
})();
