/* Focus is never hidden under the sticky Save/Submit bar (.pw-action-bar; WCAG 2.2 2.4.11).

   - Keeps --pw-bar-height on <html> equal to the bar's height, for html's scroll-padding-bottom
     (site.css): links to a field (the error summary's) scroll it clear of the bar.
   - A browser scrolls a focused field into view only when it is off screen, not when it is
     behind the bar, or partly behind it: on focus, the page scrolls the field clear of the bar
     (before the browser's own scroll, which then has nothing to do). */
(function () {
  "use strict";
  const GAP = 8; // pixels between the field and the bar, room for the focus ring

  document.addEventListener("DOMContentLoaded", () => {
    const bar = document.querySelector(".pw-action-bar");
    if (!bar) return;
    const root = document.documentElement;
    const update = () => root.style.setProperty("--pw-bar-height", bar.offsetHeight + "px");
    update();
    if ("ResizeObserver" in window) new ResizeObserver(update).observe(bar);

    document.addEventListener("focusin", (event) => {
      const field = event.target;
      if (!(field instanceof Element) || bar.contains(field)) return;
      const box = field.getBoundingClientRect();
      if (!box.height) return; // not laid out (hidden): nothing to show
      const limit = window.innerHeight - bar.offsetHeight - GAP; // the bar's top once stuck
      if (box.bottom > limit) {
        // Bring its bottom above the bar, but never its top above the window.
        window.scrollBy({ top: Math.min(box.bottom - limit, box.top - GAP), behavior: "instant" });
      } else if (box.top < 0) {
        window.scrollBy({ top: box.top - GAP, behavior: "instant" });
      }
    });
  });
})();
