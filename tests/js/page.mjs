// A page for static/practiceweek/autosave.js to run in, under Node's test runner: jsdom for the
// DOM, FormData and storage; a fake clock (the script's debounce and retry timers) and a fake
// server (fetch) the test drives, so every step of the offline contract runs in milliseconds.
// The script is loaded as the browser loads it (a plain script, then DOMContentLoaded): no
// test-only exports in it.
import { readFileSync } from "node:fs";
import { JSDOM, VirtualConsole } from "jsdom";

const SCRIPT = readFileSync(new URL("../../static/practiceweek/autosave.js", import.meta.url), "utf8");

export const KEY = "practiceweek.observation.7.3"; // prefix + record id + "." + user id
export const AUTOSAVE_URL = "/observations/7/autosave/";

// The parts of templates/observations/observation_form.html the script reads.
export function formHtml({
  form = true,
  version = 4,
  summary = "",
  autosave = true,
  refused = false,
  conflict = "",
  conflictMessage = false,
} = {}) {
  const attributes = [
    'data-autosave-key-prefix="practiceweek.observation."',
    'data-record-id="7"',
    'data-user-id="3"',
    autosave ? `data-autosave-url="${AUTOSAVE_URL}"` : "",
    refused ? "data-refused" : "",
    conflict ? `data-conflict="${conflict}"` : "",
  ].join(" ");
  return `<!DOCTYPE html><html lang="en"><body>
    <form id="sign-out-form" method="post" action="/accounts/logout/"><button>Sign out</button></form>
    ${conflictMessage ? '<div id="conflict-message"><p>Refused by the server</p></div>' : ""}
    <div id="conflict-alert" hidden><p></p></div>
    <div id="local-copy" hidden>
      <button type="button" data-local-copy="restore">Put my changes back in the form</button>
      <button type="button" data-local-copy="discard">Discard my changes</button>
    </div>
    ${form ? "" : "<template>"}
    <form method="post" action="/observations/7/edit/" id="observation-form" ${attributes}>
      <input type="hidden" name="csrfmiddlewaretoken" value="page-token">
      <input type="hidden" name="version" value="${version}">
      <input type="hidden" name="notes-TOTAL_FORMS" value="1">
      <input type="hidden" name="notes-0-id" value="11">
      <label for="id_summary">Summary</label>
      <textarea id="id_summary" name="summary" data-maxlength="20">${summary}</textarea>
      <div id="id_summary_helptext" class="form-text">Up to 20 characters.</div>
      <label for="id_strengths">Strengths</label>
      <textarea id="id_strengths" name="strengths"></textarea>
      <input type="radio" name="grade" value="good" id="id_grade_0"><label for="id_grade_0">Good</label>
      <input type="radio" name="grade" value="outstanding" id="id_grade_1"><label for="id_grade_1">Outstanding</label>
      <input type="checkbox" name="consent" value="yes" id="id_consent"><label for="id_consent">Consent</label>
      <button type="submit" name="save">Save draft</button>
      <button type="submit" name="submit">Submit observation</button>
      <p id="save-status" role="status">Your changes are saved as you type.</p>
    </form>
    ${form ? "" : "</template>"}
    <div id="my-observations" data-autosave-list data-autosave-key-prefix="practiceweek.observation." data-user-id="3">
    </div>
  </body></html>`;
}

// What the server answers. Each is a function of nothing, so a test can queue them.
export const answer = {
  saved: (version, savedAt = "10:32", extra = {}) => () =>
    response(200, "application/json", { version, saved_at: savedAt, ...extra }),
  json: (status, data) => () => response(status, "application/json", data),
  html: (status, { redirected = false } = {}) => () => response(status, "text/html", null, redirected),
  networkDown: () => () => Promise.reject(new TypeError("Failed to fetch")),
};

function response(status, type, data, redirected = false) {
  return Promise.resolve({
    status,
    ok: status >= 200 && status < 300,
    redirected,
    headers: { get: (name) => (name.toLowerCase() === "content-type" ? type : null) },
    json: () => (data === null ? Promise.reject(new SyntaxError("not JSON")) : Promise.resolve(data)),
  });
}

// Lets promise callbacks (fetch's answer, the JSON, the status line) run to the end.
export function settle() {
  return new Promise((resolve) => setImmediate(resolve));
}

/* Opens the page and runs the script. Options: the form's (formHtml; `form: false` for a
   "My ..." list page without one), `answers` (the server's first answers), `stored` (localStorage
   entries already on the device), `cookie`, `online`, `list` (rows of a "My ..." list),
   `blockStorage` (reading window.localStorage throws, as private browsing may), `beforeScript`
   (a function of the window, run just before the script: the person typing early). */
export async function openPage(options = {}) {
  const virtualConsole = new VirtualConsole();
  const problems = [];
  // jsdom does not navigate: a form post the script let through ends in jsdom's "not
  // implemented" for requestSubmit. Count those as posts; anything else is a problem.
  const posted = [];
  virtualConsole.on("jsdomError", (error) => {
    if (/requestSubmit/.test(error.message)) posted.push(error.message);
    else problems.push(error);
  });
  const dom = new JSDOM(formHtml(options), {
    url: "http://localhost/observations/7/edit/",
    runScripts: "outside-only",
    pretendToBeVisual: true,
    virtualConsole,
  });
  const { window } = dom;
  await new Promise((resolve) => {
    if (window.document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve);
  });

  for (const [key, value] of Object.entries(options.stored || {})) {
    window.localStorage.setItem(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  if (options.cookie) window.document.cookie = options.cookie;
  for (const row of options.list || []) {
    const div = window.document.createElement("div");
    div.dataset.recordId = String(row.id);
    div.dataset.version = String(row.version);
    window.document.getElementById("my-observations").appendChild(div);
  }
  if (options.blockStorage) {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new window.DOMException("The operation is insecure.", "SecurityError");
      },
    });
  }

  const page = {
    window,
    document: window.document,
    form: window.document.getElementById("observation-form"),
    status: window.document.getElementById("save-status"),
    online: options.online !== false,
    visibility: "visible",
    requests: [],
    answers: [],
    problems,
    posted,
  };
  page.answers.push(...(options.answers || []));
  Object.defineProperty(window.navigator, "onLine", { get: () => page.online });
  Object.defineProperty(window.document, "visibilityState", { get: () => page.visibility });

  // The fake clock: the script's setTimeout and clearTimeout, driven by page.tick(ms).
  const clock = { now: 0, next: 1, timers: new Map() };
  window.setTimeout = (callback, ms = 0) => {
    const id = clock.next++;
    clock.timers.set(id, { at: clock.now + ms, callback });
    return id;
  };
  window.clearTimeout = (id) => clock.timers.delete(id);
  page.tick = async (ms) => {
    const until = clock.now + ms;
    for (;;) {
      const due = [...clock.timers.entries()]
        .filter(([, timer]) => timer.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      clock.timers.delete(due[0]);
      clock.now = due[1].at;
      due[1].callback();
      await settle();
    }
    clock.now = until;
    await settle();
  };
  page.now = () => clock.now;

  // The fake server: each request takes the next queued answer (a 200 by default).
  window.fetch = (url, init) => {
    const fields = [];
    init.body.forEach((value, name) => fields.push([name, value]));
    page.requests.push({ url, init, at: clock.now, fields, field: (name) => init.body.get(name) });
    const next = page.answers.shift() || answer.saved(Number(init.body.get("version")) + 1);
    return next();
  };
  page.answer = (...answers) => page.answers.push(...answers);

  // What the person does.
  page.field = (name) => page.form.elements[name];
  page.type = async (name, text) => {
    const field = page.field(name);
    field.value = text;
    field.dispatchEvent(new window.Event("input", { bubbles: true }));
    await settle();
  };
  page.check = async (id) => {
    const box = window.document.getElementById(id);
    box.checked = true;
    box.dispatchEvent(new window.Event("input", { bubbles: true }));
    await settle();
  };
  page.goOffline = () => {
    page.online = false;
    window.dispatchEvent(new window.Event("offline"));
  };
  page.goOnline = async () => {
    page.online = true;
    window.dispatchEvent(new window.Event("online"));
    await settle();
  };
  page.hide = async () => {
    page.visibility = "hidden";
    window.document.dispatchEvent(new window.Event("visibilitychange"));
    await settle();
  };
  // Presses a submit button; true if the browser would post the form.
  page.press = async (name) => {
    const before = posted.length;
    page.form.requestSubmit(page.form.querySelector(`button[name="${name}"]`));
    await settle();
    return posted.length > before;
  };
  page.signOut = () => {
    const signOut = window.document.getElementById("sign-out-form");
    signOut.requestSubmit();
  };
  page.kept = (kind = "localStorage") => {
    const raw = window[kind].getItem(KEY);
    return raw === null ? null : JSON.parse(raw);
  };
  page.saveState = () => page.form.dataset.saveState;

  if (options.beforeScript) options.beforeScript(window);
  window.eval(SCRIPT);
  window.document.dispatchEvent(new window.Event("DOMContentLoaded"));
  await settle();
  return page;
}

// A copy on the device, as the script keeps it.
export function copy(version, fields, { posted = false } = {}) {
  return { version, fields, posted, at: 0 };
}
