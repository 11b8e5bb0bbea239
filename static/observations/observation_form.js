/* The observation form: what only observations have, on top of static/practiceweek/autosave.js
   (loaded first), which keeps what is typed on the device, autosaves it and refuses stale saves.

   Someone from another team: without this script, the list's choice joins the practitioners
   when the form is saved. With it, "Add to the practitioners observed" puts them among the
   boxes at once (ticked, so they can be unticked again), and the list itself is not sent. */
(function () {
  "use strict";

  const autosave = window.PracticeWeekAutosave;
  const form = document.getElementById("observation-form");
  if (!form) return;

  const picker = form.elements.add_practitioner;
  const addButton = document.getElementById("add-practitioner");
  const boxes = form.querySelector("#div_id_practitioners fieldset > div:not(.form-text)");

  function box(value) {
    return form.querySelector('input[name="practitioners"][value="' + CSS.escape(value) + '"]');
  }

  // A ticked box for someone in the list; false when they are not in it.
  function addBox(value) {
    const existing = box(value);
    if (existing) {
      existing.checked = true;
      return existing;
    }
    const option = Array.from(picker.options).find((o) => o.value === value);
    if (!option || !value) return null;
    const id = "id_practitioners_added_" + value;
    const holder = document.createElement("div");
    holder.className = "form-check";
    const input = document.createElement("input");
    Object.assign(input, { type: "checkbox", className: "form-check-input", name: "practitioners", value: value, id: id, checked: true });
    const label = document.createElement("label");
    label.className = "form-check-label";
    label.htmlFor = id;
    label.textContent = option.textContent;
    holder.append(input, label);
    boxes.appendChild(holder);
    option.remove(); // listed once: now among the boxes
    return input;
  }

  const adding = !!(picker && addButton && boxes);
  if (adding) picker.removeAttribute("name"); // the button adds; the list alone sends nothing

  const saving = autosave.setUp(form, {
    beforeRestore(values) {
      (values.get("practitioners") || []).forEach((value) => {
        if (adding && !box(value)) addBox(value);
      });
    },
  });

  if (adding) {
    const help = document.getElementById("id_add_practitioner_helptext");
    if (help) help.textContent = "Choose someone, then press Add to the practitioners observed.";
    addButton.hidden = false;
    addButton.addEventListener("click", () => {
      const added = addBox(picker.value);
      if (!added) {
        picker.focus();
        return;
      }
      picker.value = "";
      added.focus();
      saving.changed();
    });
  }
})();
