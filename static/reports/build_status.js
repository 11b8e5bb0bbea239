/* The report page's build progress. While a build is queued or building, ask the server every
   2 seconds (reports:build_status) and put its words in the polite live region, so that a
   screen reader hears "Building", then "Ready" or "Failed" with the reason. When the build is
   done: show the links to the new version (ready) or the "Try again" button (failed), and
   refresh the list of versions. Without JavaScript a refresh of the page shows the same. */
(function () {
  "use strict";

  const INTERVAL = 2000; // milliseconds between questions while all is well
  const box = document.getElementById("build-progress");
  if (!box || !box.dataset.statusUrl) return;
  const status = document.getElementById("build-status");
  const form = document.getElementById("build-form");
  const button = document.getElementById("build-button");
  let failures = 0;

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }

  async function refreshVersions() {
    const versions = document.getElementById("versions");
    if (!versions) return;
    try {
      const response = await fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) return;
      // Without the page's <style>: it carries that response's CSP nonce, not this page's.
      const text = (await response.text()).replace(/<style[\s\S]*?<\/style>/gi, "");
      const page = new DOMParser().parseFromString(text, "text/html");
      const fresh = page.getElementById("versions");
      if (fresh) versions.replaceChildren(...fresh.childNodes);
    } catch {
      // The list stays as it was; a refresh of the page shows the new version.
    }
  }

  function finish(data) {
    box.querySelectorAll("[data-build-number]").forEach((el) => {
      el.textContent = String(data.number);
    });
    if (data.status === "ready") {
      document.getElementById("build-pdf-link").href = data.pdf_url;
      document.getElementById("build-version-link").href = data.version_url;
      document.getElementById("build-links").hidden = false;
    }
    button.textContent = data.status === "failed" ? button.dataset.retryLabel : button.dataset.buildLabel;
    form.hidden = false;
    box.dataset.state = data.status;
    refreshVersions();
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
      });
      if (!response.ok) throw new Error("status " + response.status);
      const data = await response.json();
      failures = 0;
      say(data.text);
      if (!data.is_active) {
        finish(data);
        return;
      }
      box.dataset.state = data.status;
    } catch {
      failures += 1;
      if (failures === 3) {
        say("The page cannot reach the server to check the build: it keeps trying. Refresh the page to see the latest.");
      }
    }
    // Slower while the server does not answer: at most every 20 seconds.
    window.setTimeout(poll, INTERVAL * Math.min(1 + failures, 10));
  }

  box.dataset.state = "watching";
  window.setTimeout(poll, INTERVAL);
})();
