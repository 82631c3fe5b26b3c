(function () {
  "use strict";
  // Copy buttons: shown only when this script runs; the texts stay selectable without it.
  var status = document.getElementById("status");
  function fallback(text, button) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "sr";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    button.focus();
    return ok;
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var label = button.textContent;
    var timer = 0;
    function done() {
      button.textContent = button.getAttribute("data-done");
      status.textContent = button.getAttribute("data-done");
      clearTimeout(timer);
      timer = setTimeout(function () { button.textContent = label; status.textContent = ""; }, 2500);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.getAttribute("data-copy")).textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () {
          if (fallback(text, button)) { done(); }
        });
      } else if (fallback(text, button)) {
        done();
      }
    });
  });
  // Videos: the cover (a lazy image under the video) shows until a tap or Enter plays the clip
  // inline; nothing of the video loads before that (preload="none"). Without this script the
  // video keeps the browser's own controls.
  Array.prototype.forEach.call(document.querySelectorAll(".play video"), function (video) {
    var box = video.parentNode;
    function start(event) {
      if (video.controls) { return; }
      event.preventDefault();
      box.className = "play on";
      video.controls = true;
      video.play();
    }
    video.controls = false;
    video.tabIndex = 0;
    box.className = "play ready";
    video.addEventListener("click", start);
    video.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { start(event); }
    });
  });
})();
