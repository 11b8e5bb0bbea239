/* The narrative page: "Add another row" adds a blank row to the action plan (a copy of the
   formset's empty form). Without JavaScript the page always offers one blank row per save. */
(function () {
  "use strict";

  const form = document.getElementById("report-form");
  if (!form) return;
  const total = form.elements["actions-TOTAL_FORMS"];
  const max = Number(form.elements["actions-MAX_NUM_FORMS"].value);
  const button = document.getElementById("add-action-row");
  const template = document.getElementById("action-row-template");

  button.hidden = false;
  button.addEventListener("click", () => {
    const number = Number(total.value);
    if (number >= max) return;
    const holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(number));
    const row = holder.querySelector("fieldset");
    document.getElementById("action-rows").appendChild(row);
    total.value = String(number + 1);
    row.querySelector("input:not([type=hidden]), textarea, select").focus();
  });
})();
