/* The audit form never loses what is typed.

   Progressive enhancement: without this script the form saves and submits by itself.
   - Every change is kept in localStorage, per audit and person, with the version it is based on.
   - Drafts autosave about 1.5 s after typing stops, on leaving a field and when the page is
     hidden, naming that version; the server refuses a save based on an older one (409): the
     message shows and the text stays on screen, never overwritten.
   - Offline, signed out or a server error: the copy stays on the device, sends are retried with
     backoff, and the `online` event sends what is pending. The copy is cleared once the server
     confirms it.
   - The suggested overall grade follows the section grades by the rule of audits/grading.py.
   Also tidies the "My audits" page: copies of audits saved since are forgotten. */
(function () {
  "use strict";

  const DEBOUNCE_MS = 1500;
  const RETRY_MIN_MS = 2000;
  const RETRY_MAX_MS = 60000;
  const KEY_PREFIX = "practiceweek.audit.";
  const SCALE = ["outstanding", "good", "requires_improvement", "inadequate"]; // best first
  const OFFLINE = "Offline: your changes are kept on this device and will be sent when you reconnect";
  const SERVER_ERROR = "Not saved yet: the server did not answer. Your changes are kept on this device and will be sent again shortly.";
  const SIGNED_OUT = "Not saved: you have been signed out. Your changes are kept on this device: sign in again in another tab and they will be sent.";

  // --- The device's copy --------------------------------------------------------------------

  // localStorage outlives the tab; a submitted audit's copy moves to sessionStorage, which goes
  // when the tab closes, so a shared tablet does not keep it once the submission went through.
  function storage(kind) {
    try {
      return window[kind];
    } catch (error) {
      return null; // blocked (private browsing, policy): the server copy is the safety net
    }
  }

  function readCopy(key) {
    for (const kind of ["localStorage", "sessionStorage"]) {
      const store = storage(kind);
      try {
        const copy = store && JSON.parse(store.getItem(key));
        if (copy) return copy;
      } catch (error) {
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
    } catch (error) {
      // Storage full: keep going; autosave still sends to the server.
    }
  }

  function removeCopy(key) {
    for (const kind of ["localStorage", "sessionStorage"]) {
      const store = storage(kind);
      if (store) store.removeItem(key);
    }
  }

  // --- The suggested overall grade (audits/grading.py: suggest_overall_grade) --------------

  function suggest(grades) {
    const graded = grades.filter((g) => SCALE.includes(g));
    if (!graded.length) return null;
    if (graded.includes("inadequate")) return "inadequate";
    for (const grade of SCALE) {
      const atLeast = graded.filter((g) => SCALE.indexOf(g) <= SCALE.indexOf(grade)).length;
      if (atLeast * 2 > graded.length) return grade;
    }
    return null;
  }

  function csrfToken(form) {
    const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
    // After signing in again the cookie holds the new token; the page still has the old one.
    return cookie ? decodeURIComponent(cookie.split("=")[1]) : form.elements.csrfmiddlewaretoken.value;
  }

  // What the person typed, regardless of how the action rows are numbered or left blank.
  function essence(fields) {
    const plain = [];
    const actions = {};
    for (const [name, value] of fields) {
      const match = /^actions-(\d+)-(description|owner|due_on|DELETE)$/.exec(name);
      if (match) {
        actions[match[1]] = actions[match[1]] || {};
        actions[match[1]][match[2]] = value;
      } else if (!/^(actions|answers)-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$|-id$/.test(name) && value !== "") {
        plain.push(name + "=" + value);
      }
    }
    const rows = Object.values(actions)
      .filter((a) => !a.DELETE && (a.description || a.owner || a.due_on))
      .map((a) => [a.description || "", a.owner || "", a.due_on || ""].join("|"));
    return JSON.stringify([plain.sort(), rows.sort()]);
  }

  // --- The audit form -----------------------------------------------------------------------

  function setUp(form) {
    const key = KEY_PREFIX + form.dataset.auditId + "." + form.dataset.userId;
    const autosaveUrl = form.dataset.autosaveUrl || "";
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
    };
    const pending = () => state.changes !== state.saved;
    const say = (text) => {
      if (status.textContent !== text) status.textContent = text;
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
      writeCopy(key, { version: state.version, fields: snapshot(), posted: !!posted, at: Date.now() }, kind);
    }

    // Character counts and the "Add another action" button.
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

    const totalActions = form.elements["actions-TOTAL_FORMS"];
    const maxActions = Number(form.elements["actions-MAX_NUM_FORMS"].value);
    const addButton = document.getElementById("add-action");

    function addAction(focus) {
      const number = Number(totalActions.value);
      if (number >= maxActions) return false;
      const holder = document.createElement("div");
      holder.innerHTML = document.getElementById("action-template").innerHTML.replace(/__prefix__/g, String(number));
      const fieldset = holder.querySelector("fieldset");
      document.getElementById("action-list").appendChild(fieldset);
      totalActions.value = String(number + 1);
      enhance(fieldset);
      if (focus) fieldset.querySelector("textarea, select, input:not([type=hidden])").focus();
      return true;
    }

    // Suggested grade, and the hint to give a reason when departing from it.
    const suggestion = document.getElementById("suggested-grade");
    const hint = document.getElementById("departure-hint");

    function gradeLabel(grade) {
      const input = form.querySelector('input[name="overall_grade"][value="' + grade + '"]');
      const label = input && form.querySelector('label[for="' + input.id + '"]');
      return label ? label.textContent.trim() : grade;
    }

    function showSuggestion() {
      if (!suggestion) return;
      const grades = Array.from(form.querySelectorAll("input[data-section-grade]:checked"), (el) => el.value);
      const grade = suggest(grades);
      const text = grade ? gradeLabel(grade) : suggestion.dataset.none;
      if (suggestion.textContent !== text) suggestion.textContent = text;
      const overall = form.querySelector('input[name="overall_grade"]:checked');
      hint.hidden = !(grade && overall && overall.value !== grade);
    }

    function restore(fields) {
      const values = new Map();
      for (const [name, value] of fields) values.set(name, (values.get(name) || []).concat([value]));
      const total = Number((values.get("actions-TOTAL_FORMS") || ["0"])[0]);
      while (Number(totalActions.value) < total && addAction(false));
      for (const el of form.elements) {
        if (!el.name || el.name === "csrfmiddlewaretoken" || el.name === "version" || el.type === "submit" || el.type === "button") continue;
        if (/(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(el.name)) continue;
        const given = values.get(el.name);
        if (el.type === "checkbox" || el.type === "radio") el.checked = !!given && given.includes(el.value);
        else if (given) el.value = given[0];
      }
      form.querySelectorAll("textarea[data-maxlength]").forEach((area) => area.dispatchEvent(new Event("input")));
      showSuggestion();
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
      for (const [prefix, id] of Object.entries(data.actions || {})) {
        const input = form.elements[prefix + "-id"];
        if (input && !input.value) input.value = String(id);
      }
      state.saved = sending;
      state.retryMs = RETRY_MIN_MS;
      say("Saved at " + data.saved_at);
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
      if (!autosaveUrl || state.conflict || state.submitting || state.inFlight || !pending()) return;
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
      showSuggestion();
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

    // On load: what the device holds for this audit.
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
        // Let the autosave finish first, so the post names the version it produced.
        event.preventDefault();
        const submitter = event.submitter;
        state.inFlight.then(() => form.requestSubmit(submitter));
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

    if (addButton) {
      addButton.hidden = false;
      addButton.addEventListener("click", () => {
        if (addAction(true)) changed();
      });
    }
    status.tabIndex = -1;
    enhance(form);
    showSuggestion();
    recover();
  }

  // "My audits": forget copies that were posted and that the server has since moved past.
  function tidy(list) {
    list.querySelectorAll("[data-audit-id]").forEach((row) => {
      const key = KEY_PREFIX + row.dataset.auditId + "." + list.dataset.userId;
      const copy = readCopy(key);
      if (copy && copy.posted && Number(row.dataset.version) > copy.version) removeCopy(key);
    });
  }

  const form = document.getElementById("audit-form");
  if (form) setUp(form);
  const list = document.getElementById("my-audits");
  if (list) tidy(list);
})();
