// The offline contract of static/practiceweek/autosave.js, step by step (the browser journeys in
// tests/browser/test_audit_journey.py and test_observation_recording_journey.py run it whole):
// what is kept on the device and under which key, when it is sent, the version each save names,
// what happens offline, signed out, on a server error and on a conflict (409), and what a reload
// or a "My ..." list does with the copy.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AUTOSAVE_URL, KEY, answer, copy, openPage } from "./page.mjs";

const OFFLINE = "Offline: your changes are kept on this device and will be sent when you reconnect";
const SERVER_ERROR = "Not saved yet: the server did not answer. Kept on this device; sent again shortly.";
const SIGNED_OUT = "Not saved: you were signed out. Kept on this device: sign in again in another tab.";

const fieldsWith = (summary) => [
  ["notes-TOTAL_FORMS", "1"],
  ["notes-0-id", "11"],
  ["summary", summary],
  ["strengths", ""],
];

describe("what is kept on the device", () => {
  test("each change is kept at once, per record and person, with the version it is based on", async () => {
    const page = await openPage({ version: 4 });
    await page.type("summary", "Typed on the tablet");
    assert.equal(KEY, "practiceweek.observation.7.3");
    const kept = page.kept();
    assert.equal(kept.version, 4);
    assert.equal(kept.posted, false);
    assert.deepEqual(kept.fields, fieldsWith("Typed on the tablet"));
    assert.equal(page.saveState(), "pending");
    assert.equal(page.requests.length, 0, "nothing is sent before typing stops");
  });

  test("the token and the version are not part of the copy", async () => {
    const page = await openPage();
    await page.type("summary", "x");
    const names = page.kept().fields.map(([name]) => name);
    assert.ok(!names.includes("csrfmiddlewaretoken"));
    assert.ok(!names.includes("version"));
  });

  test("the copy is cleared once the server confirms it", async () => {
    const page = await openPage();
    await page.type("summary", "Sent");
    await page.tick(1500);
    assert.equal(page.requests.length, 1);
    assert.equal(page.kept(), null);
    assert.equal(page.saveState(), "saved");
  });

  test("with storage blocked the form still autosaves to the server", async () => {
    const page = await openPage({ blockStorage: true });
    await page.type("summary", "No storage here");
    await page.tick(1500);
    assert.equal(page.requests.length, 1);
    assert.equal(page.saveState(), "saved");
    assert.deepEqual(page.problems, []);
  });
});

describe("sending to the server", () => {
  test("a save goes about 1.5 s after typing stops, and typing again waits again", async () => {
    const page = await openPage();
    await page.type("summary", "a");
    await page.tick(1000);
    await page.type("summary", "ab");
    await page.tick(1000);
    assert.equal(page.requests.length, 0);
    await page.tick(500);
    assert.equal(page.requests.length, 1);
    assert.equal(page.requests[0].field("summary"), "ab");
  });

  test("it posts the form to the autosave address with the version, the token and JSON wanted", async () => {
    const page = await openPage({ version: 4 });
    await page.type("summary", "First");
    await page.tick(1500);
    const [request] = page.requests;
    assert.equal(request.url, AUTOSAVE_URL);
    assert.equal(request.init.method, "POST");
    assert.equal(request.init.credentials, "same-origin");
    assert.equal(request.init.headers.Accept, "application/json");
    assert.equal(request.init.headers["X-CSRFToken"], "page-token");
    assert.equal(request.field("csrfmiddlewaretoken"), "page-token");
    assert.equal(request.field("version"), "4");
  });

  test("after signing in again elsewhere, the cookie's new token is sent, not the page's", async () => {
    const page = await openPage({ cookie: "csrftoken=fresh%2Btoken" });
    await page.type("summary", "x");
    await page.tick(1500);
    assert.equal(page.requests[0].init.headers["X-CSRFToken"], "fresh+token");
    assert.equal(page.requests[0].field("csrfmiddlewaretoken"), "fresh+token");
  });

  test("the confirmed version goes into the form, and the next save names it", async () => {
    const page = await openPage({ version: 4 });
    page.answer(answer.saved(5, "10:32"), answer.saved(6, "10:33"));
    await page.type("summary", "One");
    await page.tick(1500);
    assert.equal(page.field("version").value, "5");
    assert.equal(page.status.textContent, "Saved at 10:32");
    await page.type("summary", "One and two");
    await page.tick(1500);
    assert.equal(page.requests[1].field("version"), "5");
    assert.equal(page.field("version").value, "6");
    assert.equal(page.status.textContent, "Saved at 10:33");
  });

  test("a change made while a save is on its way is kept on the new version and sent next", async () => {
    const page = await openPage({ version: 4 });
    let release;
    page.answer(() => new Promise((resolve) => (release = resolve)).then(() => answer.saved(5)()));
    await page.type("summary", "One");
    await page.tick(1500);
    assert.equal(page.saveState(), "saving");
    await page.type("summary", "One and two"); // while the first save is in flight
    await page.tick(1500);
    assert.equal(page.requests.length, 1, "one save at a time");
    release();
    await page.tick(0);
    assert.equal(page.field("version").value, "5");
    assert.equal(page.kept().version, 5, "the copy now names the version the server gave");
    assert.deepEqual(page.kept().fields, fieldsWith("One and two"));
    await page.tick(1500);
    assert.equal(page.requests.length, 2);
    assert.equal(page.requests[1].field("version"), "5");
    assert.equal(page.requests[1].field("summary"), "One and two");
    assert.equal(page.kept(), null);
    assert.equal(page.saveState(), "saved");
  });

  test("leaving a field sends at once; hiding the page keeps a copy and sends", async () => {
    const page = await openPage();
    await page.type("summary", "Blur");
    page.field("summary").dispatchEvent(new page.window.Event("focusout", { bubbles: true }));
    await page.tick(0);
    assert.equal(page.requests.length, 1);

    await page.type("summary", "Hidden");
    await page.hide();
    assert.equal(page.requests.length, 2);
    assert.equal(page.requests[1].field("summary"), "Hidden");
  });

  test("anonymity warnings are counted in the status line", async () => {
    const page = await openPage();
    page.answer(answer.saved(5, "10:32", { warnings: ["summary", "strengths"] }));
    await page.type("summary", "Mentions Jo Bloggs");
    await page.tick(1500);
    assert.equal(page.status.textContent, "Saved at 10:32. Check 2 boxes: may identify someone");
  });

  test("a submitted record (no autosave address) keeps a copy but sends nothing", async () => {
    const page = await openPage({ autosave: false });
    await page.type("summary", "Change after submitting");
    await page.tick(60000);
    assert.equal(page.requests.length, 0);
    assert.equal(page.kept().fields[2][1], "Change after submitting");
  });
});

describe("offline, signed out, server errors", () => {
  test("offline: nothing is sent, the copy stays, the `online` event sends it", async () => {
    const page = await openPage();
    page.goOffline();
    await page.type("summary", "Typed in a basement");
    await page.tick(1500);
    assert.equal(page.requests.length, 0);
    assert.equal(page.status.textContent, OFFLINE);
    assert.equal(page.saveState(), "waiting");
    assert.deepEqual(page.kept().fields, fieldsWith("Typed in a basement"));

    await page.goOnline();
    assert.equal(page.requests.length, 1);
    assert.equal(page.requests[0].field("summary"), "Typed in a basement");
    assert.equal(page.kept(), null);
    assert.equal(page.saveState(), "saved");
  });

  test("the `offline` event says so while changes are pending", async () => {
    const page = await openPage();
    await page.type("summary", "x");
    page.goOffline();
    assert.equal(page.status.textContent, OFFLINE);
    assert.equal(page.saveState(), "waiting");
  });

  test("a failed request keeps the copy and retries with backoff, doubling up to a minute", async () => {
    const page = await openPage();
    for (let i = 0; i < 8; i += 1) page.answer(answer.networkDown());
    await page.type("summary", "Flaky");
    await page.tick(1500 + 2000 + 4000 + 8000 + 16000 + 32000 + 60000 + 60000);
    const gaps = page.requests.slice(1).map((request, i) => request.at - page.requests[i].at);
    assert.deepEqual(gaps, [2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    assert.equal(page.status.textContent, OFFLINE);
    assert.equal(page.saveState(), "waiting");
    assert.deepEqual(page.kept().fields, fieldsWith("Flaky"));

    await page.tick(60000); // the network is back: the queue of failures is empty
    assert.equal(page.saveState(), "saved");
    assert.equal(page.kept(), null);
  });

  test("coming back online starts the backoff again from 2 s", async () => {
    const page = await openPage();
    page.answer(answer.networkDown(), answer.networkDown(), answer.networkDown());
    await page.type("summary", "x");
    await page.tick(1500 + 2000 + 4000); // three failures: the next retry is 8 s away
    assert.equal(page.requests.length, 3);
    await page.goOnline();
    assert.equal(page.requests.length, 4);
    assert.equal(page.saveState(), "saved");
  });

  test("a server error (not JSON) keeps the copy and retries", async () => {
    const page = await openPage();
    page.answer(answer.html(503));
    await page.type("summary", "While the server is down");
    await page.tick(1500);
    assert.equal(page.status.textContent, SERVER_ERROR);
    assert.equal(page.saveState(), "waiting");
    assert.ok(page.kept());
    await page.tick(2000);
    assert.equal(page.requests.length, 2);
    assert.equal(page.saveState(), "saved");
  });

  test("a JSON 500 is a server error too", async () => {
    const page = await openPage();
    page.answer(answer.json(500, { error: "boom" }));
    await page.type("summary", "x");
    await page.tick(1500);
    assert.equal(page.status.textContent, SERVER_ERROR);
    assert.ok(page.kept());
  });

  test("signed out (redirected to the sign-in page): the copy stays, with a plain message", async () => {
    const page = await openPage();
    page.answer(answer.html(200, { redirected: true }));
    await page.type("summary", "Typed after the session ended");
    await page.tick(1500);
    assert.equal(page.status.textContent, SIGNED_OUT);
    assert.equal(page.saveState(), "waiting");
    assert.deepEqual(page.kept().fields, fieldsWith("Typed after the session ended"));
  });

  test("an answer that claims JSON but is not keeps the copy and retries", async () => {
    const page = await openPage();
    page.answer(() =>
      Promise.resolve({
        status: 200,
        ok: true,
        redirected: false,
        headers: { get: () => "application/json" },
        json: () => Promise.reject(new SyntaxError("Unexpected token <")),
      }),
    );
    await page.type("summary", "x");
    await page.tick(1500);
    assert.equal(page.status.textContent, SERVER_ERROR);
    assert.ok(page.kept());
  });

  test("refused input (400) shows the server's reason and waits for the next change", async () => {
    const page = await openPage();
    page.answer(answer.json(400, { error: "Not saved: Summary is too long" }));
    await page.type("summary", "far too long for the box");
    await page.tick(1500);
    assert.equal(page.status.textContent, "Not saved: Summary is too long");
    assert.equal(page.saveState(), "pending");
    assert.ok(page.kept());
    await page.tick(60000);
    assert.equal(page.requests.length, 1, "no retry: only a change can fix it");
    await page.type("summary", "short");
    await page.tick(1500);
    assert.equal(page.requests.length, 2);
    assert.equal(page.saveState(), "saved");
  });
});

describe("a conflict (409)", () => {
  const CONFLICT = "Someone else saved this observation at 10:40. Your text is still here.";

  test("shows the message, keeps the text on screen and on the device, and stops saving", async () => {
    const page = await openPage({ version: 4 });
    page.answer(answer.json(409, { error: CONFLICT }));
    await page.type("summary", "Mine");
    await page.tick(1500);
    assert.equal(page.saveState(), "conflict");
    assert.equal(page.status.textContent, CONFLICT);
    const alert = page.document.getElementById("conflict-alert");
    assert.equal(alert.hidden, false);
    assert.equal(alert.querySelector("p").textContent, CONFLICT);
    assert.equal(page.field("summary").value, "Mine");
    assert.equal(page.field("version").value, "4", "the refused save changed no version");
    assert.deepEqual(page.kept().fields, fieldsWith("Mine"));
    assert.equal(page.kept().version, 4);

    await page.type("summary", "Mine, still typing");
    await page.tick(60000);
    await page.goOnline();
    assert.equal(page.requests.length, 1, "no save overwrites the other person's");
    assert.equal(page.saveState(), "conflict");
    assert.deepEqual(page.kept().fields, fieldsWith("Mine, still typing"));
  });

  test("a page the server refused with a conflict starts in conflict and sends nothing", async () => {
    const page = await openPage({ conflict: CONFLICT, refused: true, summary: "Posted text" });
    assert.equal(page.saveState(), "conflict");
    assert.equal(page.status.textContent, CONFLICT);
    assert.equal(page.requests.length, 0);
    assert.deepEqual(page.kept().fields, fieldsWith("Posted text"));
  });

  test("the server's own conflict message on the page is not repeated in the alert", async () => {
    const page = await openPage({ conflict: CONFLICT, conflictMessage: true });
    assert.equal(page.document.getElementById("conflict-alert").hidden, true);
    assert.equal(page.status.textContent, CONFLICT);
  });
});

describe("on load: what the device holds", () => {
  test("a copy of this very version is put back and sent", async () => {
    const page = await openPage({ version: 4, stored: { [KEY]: copy(4, fieldsWith("Not sent before the tab closed")) } });
    assert.equal(page.field("summary").value, "Not sent before the tab closed");
    assert.equal(page.requests.length, 1);
    assert.equal(page.requests[0].field("summary"), "Not sent before the tab closed");
    assert.equal(page.requests[0].field("version"), "4");
    await page.tick(0);
    assert.equal(page.kept(), null);
  });

  test("put back while offline, it waits for the connection", async () => {
    const page = await openPage({ online: false, stored: { [KEY]: copy(4, fieldsWith("Offline draft")) } });
    assert.equal(page.field("summary").value, "Offline draft");
    assert.equal(page.status.textContent, OFFLINE);
    assert.equal(page.requests.length, 0);
    await page.goOnline();
    assert.equal(page.requests[0].field("summary"), "Offline draft");
  });

  test("restoring sets radios and boxes from the copy", async () => {
    const fields = [...fieldsWith("x"), ["grade", "outstanding"], ["consent", "yes"]];
    const page = await openPage({ version: 4, stored: { [KEY]: copy(4, fields) } });
    assert.equal(page.document.getElementById("id_grade_1").checked, true);
    assert.equal(page.document.getElementById("id_grade_0").checked, false);
    assert.equal(page.document.getElementById("id_consent").checked, true);
  });

  test("a copy holding what the page already shows is forgotten, and nothing is sent", async () => {
    const page = await openPage({ summary: "Already saved", stored: { [KEY]: copy(3, fieldsWith("Already saved")) } });
    assert.equal(page.kept(), null);
    assert.equal(page.requests.length, 0);
    assert.equal(page.saveState(), "saved");
  });

  test("the comparison leaves out formset bookkeeping, row ids and blank fields", async () => {
    const stored = [["summary", "Same"], ["notes-TOTAL_FORMS", "3"], ["notes-0-id", "99"], ["strengths", ""]];
    const page = await openPage({ summary: "Same", stored: { [KEY]: copy(4, stored) } });
    assert.equal(page.kept(), null);
    assert.equal(page.requests.length, 0);
  });

  test("a copy based on an older version is offered, never put back by itself", async () => {
    const page = await openPage({ version: 5, summary: "Saved elsewhere", stored: { [KEY]: copy(4, fieldsWith("Mine")) } });
    const offer = page.document.getElementById("local-copy");
    assert.equal(offer.hidden, false);
    assert.equal(page.field("summary").value, "Saved elsewhere");
    assert.equal(page.requests.length, 0);
    assert.ok(page.kept(), "kept until the person chooses");
  });

  test("choosing to put it back restores it and saves it on the current version", async () => {
    const page = await openPage({ version: 5, summary: "Saved elsewhere", stored: { [KEY]: copy(4, fieldsWith("Mine")) } });
    page.document.querySelector('[data-local-copy="restore"]').click();
    assert.equal(page.document.getElementById("local-copy").hidden, true);
    assert.equal(page.field("summary").value, "Mine");
    assert.equal(page.document.activeElement, page.status);
    assert.equal(page.kept().version, 5);
    await page.tick(1500);
    assert.equal(page.requests[0].field("version"), "5");
    assert.equal(page.requests[0].field("summary"), "Mine");
  });

  test("choosing to discard it forgets the copy", async () => {
    const page = await openPage({ version: 5, summary: "Saved elsewhere", stored: { [KEY]: copy(4, fieldsWith("Mine")) } });
    page.document.querySelector('[data-local-copy="discard"]').click();
    assert.equal(page.kept(), null);
    assert.equal(page.field("summary").value, "Saved elsewhere");
    await page.tick(60000);
    assert.equal(page.requests.length, 0);
  });

  test("a page the server refused (bad input) counts as unsaved: kept and sent", async () => {
    const page = await openPage({ refused: true, summary: "Posted but refused", answers: [answer.html(503)] });
    assert.deepEqual(page.kept().fields, fieldsWith("Posted but refused"));
    assert.equal(page.requests.length, 1);
  });

  test("text typed before the script ran counts as unsaved: kept and sent", async () => {
    const page = await openPage({
      answers: [answer.html(503)],
      beforeScript: (window) => {
        window.document.getElementById("id_summary").value = "Typed while the page loaded";
      },
    });
    assert.deepEqual(page.kept().fields, fieldsWith("Typed while the page loaded"));
    assert.equal(page.requests.length, 1);
    assert.equal(page.requests[0].field("summary"), "Typed while the page loaded");
  });

  test("an unreadable copy is as good as none", async () => {
    const page = await openPage({ stored: { [KEY]: "{not json" } });
    assert.equal(page.saveState(), "saved");
    assert.equal(page.requests.length, 0);
    assert.deepEqual(page.problems, []);
  });
});

describe("saving and submitting by the buttons", () => {
  test("Submit keeps the copy for this tab only (sessionStorage), marked as posted", async () => {
    const page = await openPage({ version: 4 });
    await page.type("summary", "Final words");
    assert.equal(await page.press("submit"), true);
    assert.equal(page.kept("localStorage"), null);
    const kept = page.kept("sessionStorage");
    assert.equal(kept.posted, true);
    assert.equal(kept.version, 4);
    assert.equal(page.field("version").value, "4");
    await page.tick(60000);
    assert.equal(page.requests.length, 0, "the pending autosave was cancelled");
  });

  test("Save draft keeps the copy in localStorage, marked as posted", async () => {
    const page = await openPage();
    await page.type("summary", "Draft");
    assert.equal(await page.press("save"), true);
    assert.equal(page.kept().posted, true);
    assert.equal(page.kept("sessionStorage"), null);
  });

  test("a second press while the first post is on its way is ignored (one record, not two)", async () => {
    const page = await openPage();
    assert.equal(await page.press("submit"), true);
    assert.equal(await page.press("submit"), false);
    assert.equal(page.posted.length, 1);
  });

  test("back from the next page (bfcache), the buttons work again", async () => {
    const page = await openPage();
    assert.equal(await page.press("save"), true);
    const shown = new page.window.Event("pageshow");
    shown.persisted = true;
    page.window.dispatchEvent(shown);
    assert.equal(await page.press("save"), true);
  });

  test("offline, the post is held back with a message: it would only reach an error page", async () => {
    const page = await openPage();
    await page.type("summary", "x");
    page.goOffline();
    assert.equal(await page.press("submit"), false);
    assert.match(page.status.textContent, /^Offline: you can save or submit when you reconnect/);
    assert.equal(page.saveState(), "waiting");
    assert.equal(page.kept().posted, false);
    page.online = true;
    assert.equal(await page.press("submit"), true, "usable again once back online");
  });

  test("a press while an autosave is on its way waits for it, then posts naming its version", async () => {
    const page = await openPage({ version: 4 });
    let release;
    page.answer(() => new Promise((resolve) => (release = resolve)).then(() => answer.saved(5)()));
    await page.type("summary", "Then straight to Submit");
    await page.tick(1500);
    assert.equal(await page.press("submit"), false, "held until the autosave answers");
    assert.equal(await page.press("submit"), false, "a second press waits for the same one");
    release();
    await page.tick(0);
    assert.equal(page.posted.length, 1);
    assert.equal(page.field("version").value, "5");
    assert.equal(page.kept("sessionStorage").version, 5);
  });

  test("the post carries the cookie's token when it is newer than the page's", async () => {
    const page = await openPage({ cookie: "csrftoken=after-sign-in" });
    await page.press("save");
    assert.equal(page.field("csrfmiddlewaretoken").value, "after-sign-in");
  });
});

describe("signing out", () => {
  test("after sign-out the page writes no copy again, even as it is hidden", async () => {
    const page = await openPage();
    await page.type("summary", "Private");
    page.window.localStorage.removeItem(KEY); // what static/practiceweek/signout.js does
    page.signOut();
    await page.hide();
    assert.equal(page.kept(), null);
    await page.tick(60000);
    assert.equal(page.requests.length, 0);
  });

  test("a sign-out the person called off changes nothing", async () => {
    const page = await openPage({
      beforeScript: (window) => {
        // static/practiceweek/signout.js asks first (offline, text not sent), and runs first.
        window.document.getElementById("sign-out-form").addEventListener("submit", (event) => event.preventDefault());
      },
    });
    await page.type("summary", "Still here");
    page.signOut();
    await page.tick(1500);
    assert.equal(page.requests.length, 1);
  });
});

describe('"My ..." lists', () => {
  const other = "practiceweek.observation.8.3";

  test("a posted copy the server has moved past is forgotten; others stay", async () => {
    const page = await openPage({
      form: false,
      list: [
        { id: 7, version: 5 },
        { id: 8, version: 5 },
      ],
      stored: {
        [KEY]: copy(4, fieldsWith("posted, since saved"), { posted: true }),
        [other]: copy(4, fieldsWith("never posted")),
      },
    });
    assert.equal(page.window.localStorage.getItem(KEY), null);
    assert.ok(page.window.localStorage.getItem(other), "not posted: may hold unsent text");
  });

  test("a posted copy the server has not moved past stays", async () => {
    const page = await openPage({
      form: false,
      list: [{ id: 8, version: 4 }],
      stored: { [other]: copy(4, fieldsWith("posted, maybe refused"), { posted: true }) },
    });
    assert.ok(page.window.localStorage.getItem(other));
  });
});

describe("character counts", () => {
  test("the count replaces the help text and warns when over", async () => {
    const page = await openPage();
    const help = page.document.getElementById("id_summary_helptext");
    assert.equal(help.textContent, "0 of 20 characters");
    await page.type("summary", "x".repeat(25));
    assert.equal(help.textContent, "25 of 20 characters: 5 too many, shorten it to save");
    assert.ok(help.classList.contains("text-danger"));
    await page.type("summary", "x".repeat(20));
    assert.equal(help.textContent, "20 of 20 characters");
    assert.ok(!help.classList.contains("text-danger"));
  });

  test("the public API is the one page scripts use", async () => {
    const page = await openPage();
    assert.deepEqual(Object.keys(page.window.PracticeWeekAutosave).sort(), ["enhance", "setUp", "tidy"]);
  });
});
