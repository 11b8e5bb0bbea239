/* Signing out removes the text kept on this device (static/practiceweek/autosave.js keeps copies
   of the audit and observation forms under "practiceweek.audit.*" and
   "practiceweek.observation.*" so nothing typed is lost offline). On a shared laptop or tablet
   the next person must not find it. If some of it never reached the server, ask first. */
(function () {
  "use strict";
  const PREFIXES = ["practiceweek.audit.", "practiceweek.observation."];
  const form = document.getElementById("sign-out-form");
  if (!form) return;

  function keptKeys(store) {
    const keys = [];
    try {
      for (let i = 0; i < store.length; i += 1) {
        const key = store.key(i);
        if (key && PREFIXES.some(function (prefix) { return key.startsWith(prefix); })) keys.push(key);
      }
    } catch { /* storage blocked: nothing kept */ }
    return keys;
  }

  form.addEventListener("submit", function (event) {
    const stores = [window.localStorage, window.sessionStorage].filter(Boolean);
    const kept = stores.flatMap(function (store) {
      return keptKeys(store).map(function (key) { return [store, key]; });
    });
    if (kept.length && !navigator.onLine &&
        !window.confirm("Some audit or observation text on this device has not reached the " +
                        "server yet (you are offline). Sign out anyway and delete it from this " +
                        "device?")) {
      event.preventDefault();
      return;
    }
    kept.forEach(function (pair) { pair[0].removeItem(pair[1]); });
  });
})();
