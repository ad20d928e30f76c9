// What both pages share: the API key (kept in localStorage; a printed link may carry it as
// #key=…), the keyed fetch, and how an API error is told to a person.
export const KEY_STORAGE = 'marketfleet.apiKey';

export const $ = (id) => document.getElementById(id);

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function takeKeyFromFragment() {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (!key) return;
  localStorage.setItem(KEY_STORAGE, key);
  // The key must not linger in the address bar, the history or a link copied from it.
  history.replaceState(null, '', location.pathname + location.search);
}

export function askForKey() {
  $('key-form').hidden = false;
  $('change-key').hidden = true;
  $('api-key').focus();
}

export async function api(path, signal) {
  const headers = { accept: 'application/json' };
  const key = localStorage.getItem(KEY_STORAGE);
  if (key) headers.authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch(path, { headers, signal });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Could not reach the API. Check that the server is running.');
  }
  // Every route answers JSON, errors included ({ error, message }); a proxy's error page may not.
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, body?.message ?? `${res.status} ${res.statusText}`);
  return body;
}

export function describe(err) {
  if (err.status === 401) return `A valid API key is needed (${err.message}). Enter it above.`;
  if (err.status === 403) return `This API key may not read that (${err.message}).`;
  if (err.status === 400) return `The request was refused: ${err.message}`;
  if (err.status === 404 || err.status === 0) return err.message;
  return `The API failed (${err.status}): ${err.message}`;
}

/** A 404 from the app's not-found handler: the route is not deployed here (yet). */
export const missingRoute = (err) => err.status === 404 && err.message.startsWith('Route not found');

export function showMessage(text, kind = 'error') {
  const el = $('message');
  el.textContent = text;
  el.className = kind;
  el.hidden = !text;
}

/**
 * The key form and its button: a saved key hides the form and reloads; `reload` also runs when
 * a #key=… link is opened in a tab that already shows the page.
 */
function wireKey(reload) {
  takeKeyFromFragment();
  if (localStorage.getItem(KEY_STORAGE)) $('change-key').hidden = false;
  else askForKey();
  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem(KEY_STORAGE, $('api-key').value.trim());
    $('api-key').value = '';
    $('key-form').hidden = true;
    $('change-key').hidden = false;
    reload();
  });
  $('change-key').addEventListener('click', askForKey);
  window.addEventListener('hashchange', () => {
    takeKeyFromFragment();
    reload();
  });
}

/**
 * Starts a page: the key form, the controls form (submit and each of `reloadOn`'s fields reload),
 * and a first load. Without a stored key the server may still answer (no keys configured); a 401
 * asks for one.
 */
export function startPage(load, reloadOn) {
  wireKey(load);
  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  for (const id of reloadOn) $(id).addEventListener('change', load);
  load();
}
