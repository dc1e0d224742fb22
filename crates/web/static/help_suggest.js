// Help suggestions: any input or textarea marked `data-help-suggest` lists, under it, the
// help articles matching what the person is typing (GET /help/suggest?q=, JSON). The
// attribute's value is the list's heading, translated by the page. Without this script
// the field and its form work the same: nothing here is needed to submit.
(() => {
  'use strict';
  const WAIT_MS = 350;
  const MIN_CHARS = 3;

  function enhance(field) {
    const box = document.createElement('div');
    box.className = 'help-suggest';
    box.setAttribute('aria-live', 'polite');
    box.hidden = true;
    field.insertAdjacentElement('afterend', box);
    let timer = 0;
    let asked = '';
    let controller = null;

    function show(articles) {
      box.replaceChildren();
      if (!articles.length) {
        box.hidden = true;
        return;
      }
      const heading = field.getAttribute('data-help-suggest');
      if (heading) {
        const p = document.createElement('p');
        p.className = 'hint';
        p.textContent = heading;
        box.append(p);
      }
      const list = document.createElement('ul');
      for (const a of articles) {
        // Only our own pages: a link that is not a help page is dropped.
        if (typeof a.href !== 'string' || !a.href.startsWith('/help/')) continue;
        const li = document.createElement('li');
        const link = document.createElement('a');
        link.href = a.href;
        link.textContent = String(a.title);
        link.target = '_blank';
        link.rel = 'noopener';
        li.append(link);
        list.append(li);
      }
      box.append(list);
      box.hidden = false;
    }

    async function ask() {
      const q = field.value.trim().slice(0, 200);
      if (q === asked) return;
      asked = q;
      if (q.length < MIN_CHARS) {
        show([]);
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const resp = await fetch(`/help/suggest?q=${encodeURIComponent(q)}`, {
          signal: controller.signal,
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
        });
        // Throttled or failing: keep quiet, the form works without suggestions.
        if (!resp.ok) return;
        const data = await resp.json();
        if (field.value.trim().slice(0, 200) === q) show(Array.isArray(data.articles) ? data.articles : []);
      } catch (_) {
        // Offline or aborted: nothing to suggest.
      }
    }

    field.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
  }

  function start() {
    for (const field of document.querySelectorAll('input[data-help-suggest], textarea[data-help-suggest]')) {
      enhance(field);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
