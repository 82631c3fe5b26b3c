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
  // Share: where the browser can hand a file to the phone's share sheet (Chrome on Android,
  // Safari on iOS), the still or clip itself goes to the app chosen (Instagram, Telegram…),
  // with the caption copied for the app's text field. The file comes from this page's own
  // folder; nothing else is asked for. Elsewhere the button stays hidden: Download and Copy.
  function canShare(type, name) {
    try {
      return !!(navigator.canShare && window.File &&
                navigator.canShare({ files: [new File([""], name, { type: type })] }));
    } catch (e) { return false; }
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-share]"), function (button) {
    var type = button.getAttribute("data-type"), name = button.getAttribute("data-name");
    if (!canShare(type, name)) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var caption = document.getElementById(button.getAttribute("data-caption"));
      var text = caption ? caption.textContent : "";
      if (text && navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).catch(function () {});
      }
      fetch(button.getAttribute("data-share"), { credentials: "same-origin" })
        .then(function (response) { return response.blob(); })
        .then(function (blob) {
          return navigator.share({ files: [new File([blob], name, { type: type })], text: text });
        })
        .catch(function () {});  // the person closed the share sheet
    });
  });
  // Places: the one in the address (#story) is marked in the list of places. Choosing one needs
  // no script: the page's CSS shows its formats when its heading is the :target.
  var placeLinks = document.querySelectorAll(".places a");
  function markPlace() {
    Array.prototype.forEach.call(placeLinks, function (link) {
      if (link.getAttribute("href") === window.location.hash) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }
  markPlace();
  window.addEventListener("hashchange", markPlace);
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
