// Game-day panel: which fault is active now (a game day or a chaos button injected it) and what it
// should do to the traces. Reads the BFF's chaos API only; shown only when chaos is enabled.
'use strict';
(() => {
  const POLL_MS = 2000;

  function panel() {
    const section = document.createElement('section');
    section.className = 'panel';
    section.id = 'game-day';
    section.setAttribute('aria-live', 'polite');
    const title = document.createElement('h2');
    title.textContent = 'Game day: the fault active now';
    const body = document.createElement('div');
    body.className = 'game-day-now';
    section.append(title, body);
    const anchor = document.getElementById('chaos');
    if (anchor) anchor.after(section);
    else document.querySelector('main')?.append(section);
    return body;
  }

  function line(strong, text) {
    const p = document.createElement('p');
    const b = document.createElement('strong');
    b.textContent = strong;
    p.append(b, ` ${text}`);
    return p;
  }

  function render(body, actions, active) {
    const ids = new Set(
      Object.values(active)
        .flat()
        .map((f) => f && f.id),
    );
    const now = actions.filter((a) => ids.has(`demo-${a.id}`));
    const other = [...ids].filter((id) => !actions.some((a) => `demo-${a.id}` === id));
    body.replaceChildren();
    if (!now.length && !other.length) {
      body.append(line('No fault is active.', 'Every trace should be a clean 200.'));
      return;
    }
    for (const a of now) {
      body.append(line(`${a.label}:`, a.description));
      if (a.traces) body.append(line('In Jaeger:', a.traces));
    }
    if (other.length) body.append(line('Other faults:', other.join(', ')));
  }

  async function start() {
    let config;
    try {
      config = await (await fetch('/api/config')).json();
    } catch {
      return;
    }
    if (!config.chaos || !config.chaos.enabled) return;
    const body = panel();
    const tick = async () => {
      try {
        const answer = await fetch('/api/chaos');
        if (answer.ok) render(body, config.chaos.actions, (await answer.json()).active || {});
      } catch {
        body.replaceChildren(line('The BFF did not answer.', 'Is npm start still running?'));
      }
    };
    await tick();
    setInterval(() => void tick(), POLL_MS);
  }

  void start();
})();
