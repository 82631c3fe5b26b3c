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
  // folder; nothing else is asked for. The page has no Share buttons: a button is added beside
  // each link marked data-share only where files can be shared; elsewhere, Download and Copy.
  var messages = document.querySelector(".messages");
  var shareLabel = messages && messages.getAttribute("data-share-label");
  var sharable = {};
  function canShare(type, name) {
    if (!(type in sharable)) {
      try {
        sharable[type] = !!(navigator.canShare && window.File &&
                            navigator.canShare({ files: [new File([""], name, { type: type })] }));
      } catch (e) { sharable[type] = false; }
    }
    return sharable[type];
  }
  function share(button) {
    var type = button.getAttribute("data-type"), name = button.getAttribute("data-name");
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
  }
  if (shareLabel && navigator.canShare) {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-share]"), function (link) {
      var type = link.getAttribute("type"), name = link.getAttribute("download");
      if (!canShare(type, name)) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button share";
      button.textContent = shareLabel;
      button.setAttribute("data-share", link.getAttribute("href"));
      button.setAttribute("data-name", name);
      button.setAttribute("data-type", type);
      button.setAttribute("data-caption", link.getAttribute("data-share"));
      button.addEventListener("click", function () { share(button); });
      var files = link.parentNode;
      files.parentNode.insertBefore(button, files.nextSibling);
    });
  }
  // Places: the one in the address (#story) is marked in the list of places. Choosing one needs
  // no script: the page's CSS shows its formats when its heading is the :target, each preview
  // in its large box; here, each of them is pointed at its large file (data-large), which
  // loads when it comes near the screen (loading="lazy").
  var placeLinks = document.querySelectorAll(".places a");
  function markPlace() {
    var chosen = "";
    Array.prototype.forEach.call(placeLinks, function (link) {
      if (link.getAttribute("href") === window.location.hash) {
        link.setAttribute("aria-current", "true");
        chosen = window.location.hash.slice(1);
      } else {
        link.removeAttribute("aria-current");
      }
    });
    if (!chosen || !window.CSS) { return; }
    var shown = document.querySelectorAll(".card.at-" + CSS.escape(chosen) + " img[data-large]");
    Array.prototype.forEach.call(shown, function (img) {
      var large = img.getAttribute("data-large");
      if (img.getAttribute("src") !== large) { img.src = large; }
    });
  }
  markPlace();
  window.addEventListener("hashchange", markPlace);
  // Videos: a clip's cover is a link to the clip (without this script the browser plays it on
  // a page of its own). Here a tap or Enter puts the clip in the cover's place and plays it
  // inline, in its card: a page holds no <video> before that, so nothing of one loads.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.play") : null;
    if (!link || event.button || event.ctrlKey || event.metaKey || event.shiftKey ||
        event.altKey) { return; }  // a middle or modified click opens the clip as a link does
    event.preventDefault();
    var cover = link.querySelector("img");
    var video = document.createElement("video");
    video.src = link.getAttribute("href");
    video.poster = cover.currentSrc || cover.src;
    video.width = Number(cover.getAttribute("width"));
    video.height = Number(cover.getAttribute("height"));
    video.className = cover.className;  // the large box once a place is chosen
    video.setAttribute("aria-label", cover.getAttribute("alt"));
    video.setAttribute("playsinline", "");
    video.muted = true;
    video.controls = true;
    video.tabIndex = 0;
    link.parentNode.replaceChild(video, link);
    video.focus();
    video.play();
  });
})();
