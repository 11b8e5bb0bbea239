/* A long form never loses what is typed: the audit and observation forms.

   Progressive enhancement: without this script the form saves and submits by itself.
   - Every change is kept in localStorage, per record and person, with the version it is based
     on, under a key prefix of its own ("practiceweek.audit.", "practiceweek.observation.").
     static/practiceweek/signout.js removes these copies when someone signs out.
   - Drafts autosave about 1.5 s after typing stops, on leaving a field and when the page is
     hidden, naming that version; the server refuses a save based on an older one (409): the
     message shows and the text stays on screen, never overwritten.
   - Offline, signed out or a server error: the copy stays on the device, sends are retried with
     backoff, and the `online` event sends what is pending. The copy is cleared once the server
     confirms it.
   - "My ..." lists: copies of records saved since are forgotten.

   Driven by data- attributes: a <form data-autosave-key-prefix data-record-id data-user-id
   [data-autosave-url] [data-refused] [data-conflict]> holding a hidden `version` field, with
   #save-status, #conflict-alert and #local-copy on the page; a list [data-autosave-list
   data-autosave-key-prefix data-user-id] of rows [data-record-id data-version]. A page script
   may instead call PracticeWeekAutosave.setUp(form, options) itself, before the page has loaded,
   to add its own behaviour (hooks below); static/audits/audit_form.js does. */
(function () {
  "use strict";

  const DEBOUNCE_MS = 1500;
  const RETRY_MIN_MS = 2000;
  const RETRY_MAX_MS = 60000;
  const OFFLINE = "Offline: your changes are kept on this device and will be sent when you reconnect";
  // The status line keeps a fixed height (site.css, .pw-save-status) so the buttons beside it
  // never move mid-tap: these fit in it at 320 px.
  const SERVER_ERROR = "Not saved yet: the server did not answer. Kept on this device; sent again shortly.";
  const SIGNED_OUT = "Not saved: you were signed out. Kept on this device: sign in again in another tab.";
  const MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
  const ready = new WeakSet();

  // --- The device's copy --------------------------------------------------------------------

  // localStorage outlives the tab; a submitted record's copy moves to sessionStorage, which
  // goes when the tab closes, so a shared tablet does not keep it once the submission went
  // through.
  function storage(kind) {
    try {
      return window[kind];
    } catch {
      return null; // blocked (private browsing, policy): the server copy is the safety net
    }
  }

  function readCopy(key) {
    for (const kind of ["localStorage", "sessionStorage"]) {
      const store = storage(kind);
      try {
        const copy = store && JSON.parse(store.getItem(key));
        if (copy) return copy;
      } catch {
        // Unreadable: as good as none.
      }
    }
    return null;
  }

  function writeCopy(key, copy, kind) {
    removeCopy(key);
    const store = storage(kind || "localStorage");
    try {
      if (store) store.setItem(key, JSON.stringify(copy));
    } catch {
      // Storage full: keep going; autosave still sends to the server.
    }
  }

  function removeCopy(key) {
    for (const kind of ["localStorage", "sessionStorage"]) {
      const store = storage(kind);
      if (store) store.removeItem(key);
    }
  }

  function csrfToken(form) {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    // After signing in again the cookie holds the new token; the page still has the old one.
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : form.elements.csrfmiddlewaretoken.value;
  }

  // What the person typed, leaving out formset bookkeeping and blank fields.
  function plainEssence(fields) {
    const plain = fields
      .filter(([name, value]) => value !== "" && !MANAGEMENT.test(name) && !/-id$/.test(name))
      .map(([name, value]) => name + "=" + value);
    return JSON.stringify(plain.sort());
  }

  // --- Character counts (`data-maxlength` boxes) --------------------------------------------

  function countCharacters(area) {
    const max = Number(area.dataset.maxlength);
    if (!max || area.dataset.counted) return;
    area.dataset.counted = "1";
    // The count replaces the "Up to N characters." help text, or sits under the box.
    const help = document.getElementById(area.id + "_helptext");
    const reuse = help && help.textContent.trim().startsWith("Up to");
    const note = reuse ? help : document.createElement("div");
    const update = () => {
      const used = area.value.length;
      const over = used - max;
      note.textContent = used.toLocaleString("en-GB") + " of " + max.toLocaleString("en-GB") + " characters" +
        (over > 0 ? ": " + over.toLocaleString("en-GB") + " too many, shorten it to save" : "");
      note.classList.toggle("text-danger", over > 0);
      note.classList.toggle("fw-semibold", over > 0);
    };
    if (!reuse) {
      note.className = "form-text";
      note.id = area.id + "_count";
      area.insertAdjacentElement("afterend", note);
      area.setAttribute("aria-describedby", ((area.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    }
    area.addEventListener("input", update);
    update();
  }

  function enhance(root) {
    root.querySelectorAll("textarea[data-maxlength]").forEach(countCharacters);
  }

  // --- The form -----------------------------------------------------------------------------

  /* options (each falls back to the form's data- attributes or does nothing):
     keyPrefix, recordId, userId, autosaveUrl;
     essence(fields): a string that is equal when two snapshots hold the same input;
     onChange(): after each change; beforeRestore(values: Map name -> [values]): make room for
     what is put back (rows added on the page); afterRestore(); onConfirmed(data): the server's
     answer to an autosave. Returns {changed, enhance}. */
  function setUp(form, options) {
    const opts = options || {};
    ready.add(form);
    const noop = () => {};
    const onChange = opts.onChange || noop;
    const essence = opts.essence || plainEssence;
    const key = (opts.keyPrefix || form.dataset.autosaveKeyPrefix) +
      (opts.recordId || form.dataset.recordId) + "." + (opts.userId || form.dataset.userId);
    const autosaveUrl = opts.autosaveUrl || form.dataset.autosaveUrl || "";
    const status = document.getElementById("save-status");
    const versionInput = form.elements.version;
    const state = {
      version: Number(versionInput.value),
      changes: 0, // changes made on this page...
      saved: 0, // ...of which the server has confirmed this many
      timer: null,
      inFlight: null,
      retryMs: RETRY_MIN_MS,
      conflict: form.dataset.conflict || "",
      submitting: false,
      waitingToPost: false, // a Save or Submit pressed while an autosave was on its way
      signingOut: false,
    };
    const pending = () => state.changes !== state.saved;
    const say = (text) => {
      if (status.textContent === text) return;
      status.textContent = text;
      // A message longer than the line's fixed room scrolls in it: reachable by keyboard then.
      status.tabIndex = status.scrollHeight > status.clientHeight + 1 ? 0 : -1;
    };
    // For styling and tests: pending, saving, saved, waiting (offline, retrying) or conflict.
    const mark = (saveState) => {
      form.dataset.saveState = saveState;
    };

    function snapshot() {
      const fields = [];
      new FormData(form).forEach((value, name) => {
        if (name !== "csrfmiddlewaretoken" && name !== "version" && typeof value === "string") {
          fields.push([name, value]);
        }
      });
      return fields;
    }

    function keep(posted, kind) {
      if (state.signingOut) return; // signout.js has just removed the copies: keep it so
      writeCopy(key, { version: state.version, fields: snapshot(), posted: !!posted, at: Date.now() }, kind);
    }

    function restore(fields) {
      const values = new Map();
      for (const [name, value] of fields) values.set(name, (values.get(name) || []).concat([value]));
      (opts.beforeRestore || noop)(values);
      for (const el of form.elements) {
        if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version" || el.type === "submit" || el.type === "button") continue;
        if (MANAGEMENT.test(el.name)) continue;
        const given = values.get(el.name);
        if (el.type === "checkbox" || el.type === "radio") el.checked = !!given && given.includes(el.value);
        else if (given) el.value = given[0];
      }
      form.querySelectorAll("textarea[data-maxlength]").forEach((area) => area.dispatchEvent(new Event("input")));
      (opts.afterRestore || noop)();
    }

    // Sending to the server.
    function schedule(ms) {
      clearTimeout(state.timer);
      state.timer = setTimeout(send, ms);
    }

    function showConflict(message) {
      state.conflict = message;
      mark("conflict");
      say(message);
      const alert = document.getElementById("conflict-alert");
      if (!document.getElementById("conflict-message")) {
        alert.querySelector("p").textContent = message;
        alert.hidden = false;
      }
    }

    function retry(message) {
      mark("waiting");
      say(message);
      schedule(state.retryMs);
      state.retryMs = Math.min(state.retryMs * 2, RETRY_MAX_MS);
    }

    function confirmed(data, sending) {
      state.version = data.version;
      versionInput.value = String(data.version);
      (opts.onConfirmed || noop)(data);
      state.saved = sending;
      state.retryMs = RETRY_MIN_MS;
      // Free text that may identify someone is saved, with a warning (the anonymity check);
      // what was found is named beside each box when the page is next shown.
      const warned = (data.warnings || []).length;
      say(
        "Saved at " + data.saved_at +
          (warned ? ". Check " + warned + (warned === 1 ? " box" : " boxes") + ": may identify someone" : "")
      );
      if (pending()) {
        keep(false); // newer changes, now based on the new version
        schedule(DEBOUNCE_MS);
      } else {
        removeCopy(key);
        mark("saved");
      }
    }

    async function handle(response, sending) {
      const type = response.headers.get("Content-Type") || "";
      if (response.redirected || !type.includes("application/json")) {
        return retry(response.status >= 500 ? SERVER_ERROR : SIGNED_OUT); // the login page, or a proxy's
      }
      const data = await response.json();
      if (response.ok) return confirmed(data, sending);
      if (response.status === 409) return showConflict(data.error);
      if (response.status >= 500) return retry(SERVER_ERROR);
      mark("pending");
      say(data.error || "Not saved: check the form."); // a box over its limit: fixed by typing
    }

    function send() {
      clearTimeout(state.timer);
      state.timer = null;
      if (!autosaveUrl || state.conflict || state.submitting || state.signingOut) return;
      if (state.inFlight || !pending()) return;
      if (navigator.onLine === false) {
        mark("waiting");
        return say(OFFLINE); // the `online` event sends it
      }
      const sending = state.changes;
      const body = new FormData(form);
      const token = csrfToken(form);
      body.set("version", String(state.version));
      body.set("csrfmiddlewaretoken", token);
      mark("saving");
      say("Saving…");
      state.inFlight = fetch(autosaveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token },
      })
        .then((response) => handle(response, sending), () => retry(OFFLINE))
        .catch(() => retry(SERVER_ERROR)) // an answer that was not what it claimed to be
        .finally(() => {
          state.inFlight = null;
        });
    }

    function changed() {
      state.changes += 1;
      if (!state.conflict) mark("pending");
      keep(false);
      onChange();
      if (autosaveUrl && !state.conflict) schedule(DEBOUNCE_MS);
    }

    // Typed (or put back by the browser) before this script ran: differs from the page as sent.
    function editedBeforeLoad() {
      return Array.from(form.elements).some((el) => {
        if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
        if (el.tagName === "SELECT") return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
        return "defaultValue" in el && el.type !== "hidden" && el.value !== el.defaultValue;
      });
    }

    // On load: what the device holds for this record.
    function recover() {
      const copy = readCopy(key);
      if (form.hasAttribute("data-refused") || editedBeforeLoad()) {
        // The server refused the last post (bad input or a conflict), or the person typed before
        // this script ran: what is on screen is newer than anything saved.
        state.changes = 1;
        keep(false);
      } else if (copy && essence(copy.fields) === essence(snapshot())) {
        removeCopy(key); // nothing the server does not have
      } else if (copy && copy.version === state.version) {
        restore(copy.fields);
        state.changes = 1;
        keep(false);
        say("Your unsaved changes were put back from this device.");
      } else if (copy) {
        offer(copy);
      }
      if (state.conflict) showConflict(state.conflict);
      else if (pending()) send();
      else mark("saved");
    }

    function offer(copy) {
      const box = document.getElementById("local-copy");
      box.hidden = false;
      box.addEventListener("click", (event) => {
        const choice = event.target.closest("[data-local-copy]");
        if (!choice) return;
        box.hidden = true;
        if (choice.dataset.localCopy === "restore") {
          restore(copy.fields);
          changed();
        } else {
          removeCopy(key);
        }
        status.focus();
      });
    }

    form.addEventListener("input", changed); // typing, and radios, boxes, selects and dates too
    form.addEventListener("focusout", () => {
      if (pending() && state.timer) send();
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && pending()) {
        keep(false);
        send();
      }
    });
    window.addEventListener("online", () => {
      state.retryMs = RETRY_MIN_MS;
      if (pending()) send();
    });
    window.addEventListener("offline", () => {
      if (pending() && autosaveUrl && !state.conflict) {
        mark("waiting");
        say(OFFLINE);
      }
    });
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) state.submitting = false; // back from the next page: usable again
    });

    form.addEventListener("submit", (event) => {
      if (state.submitting) {
        event.preventDefault(); // a second click: the first post is on its way
        return;
      }
      if (navigator.onLine === false) {
        event.preventDefault(); // the post would fail and leave this page for an error page
        mark("waiting");
        say("Offline: you can save or submit when you reconnect. Your changes are kept on this device.");
        return;
      }
      if (state.inFlight) {
        // A tap on Submit straight after typing: leaving the box started an autosave. Let it
        // finish first, so the post names the version it produced, then post (issue 9, 13).
        event.preventDefault();
        const submitter = event.submitter;
        if (!state.waitingToPost) {
          state.waitingToPost = true;
          state.inFlight.then(() => {
            state.waitingToPost = false;
            form.requestSubmit(submitter);
          });
        }
        return;
      }
      clearTimeout(state.timer);
      versionInput.value = String(state.version);
      form.elements.csrfmiddlewaretoken.value = csrfToken(form);
      state.submitting = true;
      // Submitting leaves this page for good if it works: keep the copy for this tab only.
      const submitting = event.submitter && event.submitter.name === "submit";
      keep(true, submitting ? "sessionStorage" : "localStorage");
    });

    // Leaving the page fires `visibilitychange`, which would keep a copy again.
    const signOut = document.getElementById("sign-out-form");
    if (signOut) {
      signOut.addEventListener("submit", (event) => {
        if (event.defaultPrevented) return; // they chose to stay (signout.js asked)
        state.signingOut = true;
        clearTimeout(state.timer);
      });
    }

    status.tabIndex = -1;
    enhance(form);
    onChange();
    recover();
    return { changed: changed, enhance: enhance };
  }

  // --- "My ..." lists: forget copies that were posted and that the server has since moved past.

  function tidy(list, options) {
    const opts = options || {};
    const prefix = opts.keyPrefix || list.dataset.autosaveKeyPrefix;
    const idOf = opts.recordId || ((row) => row.dataset.recordId);
    list.querySelectorAll(opts.rows || "[data-record-id]").forEach((row) => {
      const key = prefix + idOf(row) + "." + list.dataset.userId;
      const copy = readCopy(key);
      if (copy && copy.posted && Number(row.dataset.version) > copy.version) removeCopy(key);
    });
  }

  window.PracticeWeekAutosave = { setUp: setUp, tidy: tidy, enhance: enhance };

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave-key-prefix]").forEach((form) => {
      if (!ready.has(form)) setUp(form);
    });
    document.querySelectorAll("[data-autosave-list]").forEach((list) => tidy(list));
  });
})();
