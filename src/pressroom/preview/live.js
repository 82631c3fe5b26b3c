/* pressroom serve: reload the page after each successful rebuild, list the problems of a failed
   one, and the warnings of the last good one (folded). `pressroom serve` adds this script to
   the pages it serves; built pages never have it. */
(function () {
  "use strict";
  var STATUS = "/__pressroom/status";
  var seen = Number(document.currentScript.getAttribute("data-generation"));
  var lost = false; // the server stopped answering: reload once it is back
  var failures = 0;
  var request = null;
  var timer = 0;
  var box = null;
  var note = null;

  // A list of lines, each kept whole and wrapped anywhere.
  function listOf(lines, style) {
    var list = document.createElement("ul");
    list.style.cssText = style;
    lines.forEach(function (text) {
      var item = document.createElement("li");
      item.style.cssText = "white-space:pre-wrap;overflow-wrap:anywhere";
      item.textContent = text;
      list.appendChild(item);
    });
    return list;
  }

  // The last good build's warnings (drafts, stale translations, …), folded away.
  function warn(warnings) {
    if (note) { note.remove(); note = null; }
    if (!warnings.length) { return; }
    note = document.createElement("details");
    note.id = "pressroom-warnings";
    note.lang = "en";
    note.dir = "ltr";
    note.style.cssText = "position:fixed;left:8px;bottom:8px;z-index:2147483646;" +
      "max-width:min(48rem,calc(100vw - 16px));max-height:50vh;overflow:auto;margin:0;" +
      "padding:8px 12px;background:#FFF4CE;color:#3D2E00;border:1px solid #B38600;" +
      "font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;text-align:left";
    var head = document.createElement("summary");
    head.textContent = "pressroom: " + warnings.length +
      (warnings.length === 1 ? " warning" : " warnings");
    note.appendChild(head);
    note.appendChild(listOf(warnings, "margin:8px 0 0;padding:0 0 0 1.2em"));
    document.body.appendChild(note);
  }

  function show(problems) {
    if (box) { box.remove(); box = null; }
    if (!problems.length) { return; }
    box = document.createElement("aside");
    box.id = "pressroom-problems";
    box.setAttribute("role", "alert");
    box.lang = "en";
    box.dir = "ltr";
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;" +
      "max-height:60vh;overflow:auto;margin:0;padding:12px 16px;background:#7A0B16;" +
      "color:#FFF;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;text-align:left;" +
      "box-shadow:0 -2px 12px rgba(0,0,0,.4)";
    var head = document.createElement("p");
    head.style.cssText = "margin:0 0 8px;font-weight:bold";
    head.textContent = "pressroom: " + problems.length +
      (problems.length === 1 ? " problem" : " problems") +
      ". The preview shows the last good build: fix and save.";
    box.appendChild(head);
    box.appendChild(listOf(problems, "margin:0;padding:0 0 0 1.2em"));
    document.body.appendChild(box);
  }

  // True when the page reloads: a newer successful build, or the server came back.
  function update(status) {
    if (lost || (status.generation !== seen && !status.problems.length)) {
      location.reload();
      return true;
    }
    seen = status.generation;
    show(status.problems);
    warn(status.warnings || []);
    return false;
  }

  // Ask for the status; the server answers once its generation differs from `since` (or
  // after a while). Hidden tabs stop asking, so they hold no connection.
  function poll(since) {
    if (document.hidden) { return; }
    var controller = new AbortController();
    request = controller;
    fetch(STATUS + "?since=" + since, { cache: "no-store", signal: controller.signal })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        request = null;
        failures = 0;
        if (!update(status)) { poll(seen); }
      }, function () {
        request = null;
        if (controller.signal.aborted) { return; }
        lost = true;
        failures += 1;
        timer = setTimeout(function () { poll(-1); }, Math.min(2000, 100 * Math.pow(2, failures)));
      });
  }

  document.addEventListener("visibilitychange", function () {
    clearTimeout(timer);
    if (request) { request.abort(); request = null; }
    if (!document.hidden) { poll(-1); }
  });
  poll(-1);
})();
