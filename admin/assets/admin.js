// Khabar newsroom: progressive enhancement for the admin pages.
//
// Every admin form works without this file. On the story editor
// (form#story-form) it adds:
//   - a live preview of the Markdown body in #preview (POST /admin/preview);
//   - tag suggestions for the last comma-separated term of #tags, in
//     datalist#tag-suggestions (GET /admin/api/tags?q=);
//   - autosave every 20 s while the form has changes, for a story that
//     exists (form[data-story-id]), with "Autosaved at HH:MM" in
//     #autosave-status (POST /admin/stories/{id}/autosave), and the
//     "put it back" button of an autosave newer than the last Save;
//   - a "leave this page?" warning while changes are unsaved;
//   - the direction and language of the text fields and the preview
//     following the #edition select (Urdu right to left).
// Served as a plain file from /admin/static/admin.js: no build step, no
// inline handlers, no eval, so a strict Content-Security-Policy holds.
'use strict';

(() => {
  const PREVIEW_DELAY_MS = 300;
  const TAGS_DELAY_MS = 200;
  const AUTOSAVE_EVERY_MS = 20000;

  // The session's CSRF token, sent as X-CSRF-Token on every fetch.
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  // readJson returns the parsed body of a 2xx JSON response and throws
  // otherwise (a login page after an expired session is HTML, not JSON).
  async function readJson(res) {
    const type = res.headers.get('Content-Type') || '';
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    if (!type.includes('application/json')) throw new Error(`not JSON: ${type}`);
    return res.json();
  }

  // postForm POSTs `params` (URLSearchParams) as a urlencoded form.
  async function postForm(url, params) {
    const res = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8',
        'X-CSRF-Token': csrfToken(),
        Accept: 'application/json',
      },
      body: params,
    });
    return readJson(res);
  }

  async function getJson(url) {
    const res = await fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    return readJson(res);
  }

  // debounce delays `fn` until `ms` have passed without another call.
  function debounce(fn, ms) {
    let timer = 0;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  // textFields returns the form's text fields (and checked boxes) as
  // urlencoded params; file inputs are left out (they upload on Save).
  function textFields(form) {
    const params = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === 'string') params.append(name, value);
    }
    return params;
  }

  function fileChosen(form) {
    return [...form.querySelectorAll('input[type=file]')].some((f) => f.files.length > 0);
  }

  // --- Live preview -------------------------------------------------------
  function initPreview(form) {
    const body = form.querySelector('#body');
    const preview = document.getElementById('preview');
    if (!body || !preview) return;
    let latest = 0; // only the newest answer is shown
    const render = debounce(async () => {
      const mine = ++latest;
      try {
        const data = await postForm('/admin/preview', new URLSearchParams({ body: body.value }));
        if (mine !== latest || typeof data.html !== 'string') return;
        // The server renders Markdown with raw HTML disabled: safe to insert.
        preview.innerHTML = data.html;
        preview.classList.remove('preview-stale');
      } catch {
        preview.classList.add('preview-stale'); // keep the last good preview
      }
    }, PREVIEW_DELAY_MS);
    body.addEventListener('input', render);
    if (body.value.trim() !== '' && preview.innerHTML.trim() === '') render();
    return render;
  }

  // --- Tag suggestions ----------------------------------------------------
  function initTagSuggestions(form) {
    const input = form.querySelector('#tags');
    const list = document.getElementById('tag-suggestions');
    if (!input || !list) return;
    input.setAttribute('list', list.id);
    input.setAttribute('autocomplete', 'off');
    let latest = 0;
    const suggest = debounce(async () => {
      const mine = ++latest;
      const value = input.value;
      const cut = value.lastIndexOf(',');
      const term = value.slice(cut + 1).trim();
      // Each option is the whole field with its last term completed, so
      // picking one keeps the tags already typed.
      const head = cut < 0 ? '' : `${value.slice(0, cut + 1).trim()} `;
      const have = new Set(value.slice(0, cut + 1).split(',').map((t) => t.trim().toLowerCase()));
      if (term === '') {
        list.replaceChildren();
        return;
      }
      try {
        const tags = await getJson(`/admin/api/tags?q=${encodeURIComponent(term)}`);
        if (mine !== latest || !Array.isArray(tags)) return;
        list.replaceChildren(
          ...tags
            .filter((t) => t && typeof t.name === 'string' && !have.has(t.name.toLowerCase()))
            .slice(0, 20)
            .map((t) => new Option(t.name, head + t.name)),
        );
      } catch {
        list.replaceChildren();
      }
    }, TAGS_DELAY_MS);
    input.addEventListener('input', suggest);
  }

  // --- Unsaved changes: autosave and the leave-page warning ----------------
  function initChangeTracking(form) {
    let saved = textFields(form).toString(); // what the server has
    let submitting = false;
    let inFlight = false;
    const unsaved = () => fileChosen(form) || textFields(form).toString() !== saved;

    // Saving the story leaves the page on purpose; other forms (a status
    // change, logging out) do not carry the edits, so they still warn.
    form.addEventListener('submit', () => {
      submitting = true;
    });
    window.addEventListener('pageshow', () => {
      submitting = false; // back/forward cache
    });
    window.addEventListener('beforeunload', (event) => {
      if (submitting || !unsaved()) return;
      event.preventDefault();
      event.returnValue = ''; // older Chromium needs this to show the prompt
    });

    const storyId = form.dataset.storyId;
    if (!storyId) return; // a new story is saved by hand first
    let status = document.getElementById('autosave-status');
    if (!status) {
      status = document.createElement('span');
      status.id = 'autosave-status';
      form.querySelector('#save')?.after(status);
    }
    status.setAttribute('role', 'status');
    const versionInput = form.querySelector('input[name="version"]');

    async function autosave() {
      if (inFlight || submitting) return;
      const params = textFields(form);
      const state = params.toString();
      if (state === saved) return;
      inFlight = true;
      try {
        const data = await postForm(`/admin/stories/${encodeURIComponent(storyId)}/autosave`, params);
        // A server that moves the version on autosave tells the new one, so
        // the next Save is not taken for a conflicting edit.
        if (versionInput && data.version !== undefined) {
          versionInput.value = String(data.version);
          params.set('version', versionInput.value);
        }
        saved = params.toString();
        status.textContent = `Autosaved at ${clock(data.saved_at)}`;
        status.classList.remove('autosave-failed');
      } catch (err) {
        status.textContent = `Not autosaved (${err.message}); use Save`;
        status.classList.add('autosave-failed');
      } finally {
        inFlight = false;
      }
    }
    setInterval(autosave, AUTOSAVE_EVERY_MS);
  }

  // clock turns the server's saved_at into HH:MM. The time of day in the
  // text is the site's own (an ISO time with its offset, or a formatted
  // "28 October 2023, 9:30 AM"), so it is read off the text rather than
  // converted to the browser's zone; anything else means "now".
  function clock(savedAt) {
    const pad = (n) => String(n).padStart(2, '0');
    const text = typeof savedAt === 'string' ? savedAt : '';
    const iso = text.match(/^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})/);
    if (iso) return `${iso[1]}:${iso[2]}`;
    const human = text.match(/(\d{1,2}):(\d{2})(?::\d{2})?\s*([AaPp])\.?[Mm]?\b/) ||
      text.match(/(\d{1,2}):(\d{2})/);
    if (human) {
      let hours = Number(human[1]) % (human[3] ? 12 : 24);
      if (human[3] && human[3].toLowerCase() === 'p') hours += 12;
      return `${pad(hours)}:${human[2]}`;
    }
    const now = new Date();
    return `${pad(now.getHours())}:${pad(now.getMinutes())}`;
  }

  // --- Restoring an autosave ----------------------------------------------
  // The editor offers text autosaved after the last Save as a notice whose
  // data-payload is a JSON object of field name -> value; the button puts
  // it back into the form (not csrf or version: those stay the page's own).
  function initRestore(form, onRestored) {
    const notice = document.getElementById('autosave-notice');
    const button = document.getElementById('restore-autosave');
    if (!notice || !button) return;
    button.addEventListener('click', () => {
      let payload;
      try {
        payload = JSON.parse(notice.dataset.payload || '{}');
      } catch {
        return;
      }
      for (const el of form.elements) {
        if (!el.name || el.name === 'csrf' || el.name === 'version' || el.type === 'file') continue;
        if (el.type === 'checkbox' || el.type === 'radio') {
          el.checked = Object.hasOwn(payload, el.name) && (el.type === 'checkbox' || payload[el.name] === el.value);
        } else if (Object.hasOwn(payload, el.name) && typeof payload[el.name] === 'string') {
          el.value = payload[el.name];
        }
      }
      notice.remove();
      onRestored();
    });
  }

  // --- Edition direction ----------------------------------------------------
  // What is typed for a story follows its edition's language and direction
  // (Urdu right to left), as does the preview; switching the edition
  // switches them at once.
  function initEditionDirection(form) {
    const select = form.querySelector('#edition');
    if (!select) return;
    const apply = () => {
      const option = select.options[select.selectedIndex];
      if (!option) return;
      for (const el of document.querySelectorAll('.edition-text')) {
        el.dir = option.dataset.dir;
        el.lang = option.dataset.lang;
      }
    };
    select.addEventListener('change', apply);
  }

  function init() {
    const form = document.getElementById('story-form');
    if (!form) return;
    initEditionDirection(form);
    const preview = initPreview(form);
    initTagSuggestions(form);
    initChangeTracking(form);
    initRestore(form, () => preview && preview());
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
