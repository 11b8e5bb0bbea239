/* A refused form: focus goes to its error summary (#error-summary), so a screen reader reads
   what to put right and the links to each field are next; a link moves focus to its field. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
