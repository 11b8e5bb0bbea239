/* The audit form: what only audits have, on top of static/practiceweek/autosave.js (loaded
   first), which keeps what is typed on the device, autosaves it and refuses stale saves.

   - The suggested overall grade follows the section grades by the rule of practiceweek/grades.py.
   - "Add another action" adds a case action row; rows added on the page come back with a
     copy kept on the device, and learn their ids from the autosave's answer.
   Also tidies the "My audits" page: copies of audits saved since are forgotten. */
(function () {
  "use strict";

  const KEY_PREFIX = "practiceweek.audit.";
  const SCALE = ["outstanding", "good", "requires_improvement", "inadequate"]; // best first
  const autosave = window.PracticeWeekAutosave;

  // --- The suggested overall grade (practiceweek/grades.py: suggest_overall_grade) --------------

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
      autosave.enhance(fieldset);
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

    const saving = autosave.setUp(form, {
      keyPrefix: KEY_PREFIX,
      recordId: form.dataset.auditId,
      essence: essence,
      onChange: showSuggestion,
      afterRestore: showSuggestion,
      beforeRestore(values) {
        const total = Number((values.get("actions-TOTAL_FORMS") || ["0"])[0]);
        while (Number(totalActions.value) < total && addAction(false));
      },
      onConfirmed(data) {
        for (const [prefix, id] of Object.entries(data.actions || {})) {
          const input = form.elements[prefix + "-id"];
          if (input && !input.value) input.value = String(id);
        }
      },
    });

    if (addButton) {
      addButton.hidden = false;
      addButton.addEventListener("click", () => {
        if (addAction(true)) saving.changed();
      });
    }
  }

  const form = document.getElementById("audit-form");
  if (form) setUp(form);
  const list = document.getElementById("my-audits");
  if (list) {
    autosave.tidy(list, {
      keyPrefix: KEY_PREFIX,
      rows: "[data-audit-id]",
      recordId: (row) => row.dataset.auditId,
    });
  }
})();
