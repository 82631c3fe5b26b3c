/* pressroom serve's viewer (/__pressroom/view): one asset at full size (fit to the window, or
   100%), or every format of one message; keys and menus step through formats, messages,
   languages and kits; the choice is kept in the address (#kit=…&locale=…). After each rebuild
   it reads the output folder's manifest again and swaps, in place, only the images whose bytes
   changed (a new image is loaded before it replaces the old one): the page never reloads. */
(function () {
  "use strict";
  var STATUS = "/__pressroom/status";
  var MANIFEST = "/manifest.json";
  var KEYS = ["kit", "locale", "message", "format"];
  var assets = [];
  var state = { kit: "", locale: "", message: "", format: "", grid: false, full: false };
  var seen = -1;
  var failures = 0;
  var images = {}; // path → the <img> that shows it (reused across renders)
  var $ = function (id) { return document.getElementById(id); };

  function readHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    KEYS.forEach(function (k) { state[k] = p.get(k) || state[k]; });
    state.grid = p.get("view") === "grid";
    state.full = p.get("size") === "100";
  }

  function writeHash() {
    var p = new URLSearchParams();
    KEYS.forEach(function (k) { if (state[k]) { p.set(k, state[k]); } });
    if (state.grid) { p.set("view", "grid"); }
    if (state.full) { p.set("size", "100"); }
    history.replaceState(null, "", "#" + p.toString());
  }

  function distinct(list, key) {
    var out = [];
    list.forEach(function (a) { if (out.indexOf(a[key]) < 0) { out.push(a[key]); } });
    return out;
  }

  // The assets that match the state up to (not including) `key`.
  function matching(upTo) {
    return assets.filter(function (a) {
      for (var i = 0; i < KEYS.indexOf(upTo); i += 1) {
        if (a[KEYS[i]] !== state[KEYS[i]]) { return false; }
      }
      return true;
    });
  }

  function options(key) { return distinct(matching(key), key); }

  function settle() {
    KEYS.forEach(function (k) {
      var have = options(k);
      if (have.indexOf(state[k]) < 0) { state[k] = have[0] || ""; }
    });
  }

  function fill(select, values, current) {
    var same = select.options.length === values.length && values.every(function (v, i) {
      return select.options[i].value === v;
    });
    if (!same) {
      select.textContent = "";
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v;
        select.appendChild(o);
      });
    }
    select.value = current;
  }

  function src(a) { return "/" + a.path + "?v=" + a.sha256.slice(0, 16); }

  // The <img> for an asset: new, or the one already shown, swapped once the new bytes load.
  function imageOf(a, img) {
    if (!img) {  // a grid's image (the single view has its own)
      img = images[a.path] || document.createElement("img");
      images[a.path] = img;
    }
    var want = src(a);
    img.alt = a.format + " · " + a.message + " · " + a.locale;
    img.width = a.width;
    img.height = a.height;
    img.dataset.path = a.path;
    if (img.getAttribute("src") !== want && img.dataset.loading !== want) {
      img.dataset.loading = want;
      var next = new Image();
      next.onload = function () {
        if (img.dataset.loading === want) {
          img.src = want;
          img.dataset.sha = a.sha256;
          delete img.dataset.loading;
        }
      };
      next.src = want;
      if (!img.getAttribute("src")) { img.src = want; }
    }
    return img;
  }

  function render() {
    settle();
    KEYS.forEach(function (k) { fill($(k), options(k), state[k]); });
    document.body.classList.toggle("fit", !state.full);
    $("size").setAttribute("aria-pressed", String(state.full));
    $("mode").setAttribute("aria-pressed", String(state.grid));
    $("empty").hidden = assets.length > 0;
    $("single").hidden = state.grid || !assets.length;
    $("grid").hidden = !state.grid || !assets.length;
    var shown = matching("format");
    if (state.grid) {
      var grid = $("grid");
      var figures = shown.map(function (a) {
        var fig = document.createElement("figure");
        var link = document.createElement("a");
        link.href = "#";
        link.addEventListener("click", function (e) {
          e.preventDefault();
          state.format = a.format;
          state.grid = false;
          update();
        });
        link.appendChild(imageOf(a));
        var cap = document.createElement("figcaption");
        cap.textContent = a.format + " · " + a.width + "×" + a.height;
        fig.appendChild(link);
        fig.appendChild(cap);
        return fig;
      });
      grid.replaceChildren.apply(grid, figures);
    } else {
      var a = shown.filter(function (x) { return x.format === state.format; })[0];
      if (a) { imageOf(a, $("asset")); }
    }
    writeHash();
  }

  function update() { render(); }

  function step(key, by) {
    var have = options(key);
    if (!have.length) { return; }
    var i = have.indexOf(state[key]);
    state[key] = have[(i + by + have.length) % have.length];
    update();
  }

  function loadManifest() {
    return fetch(MANIFEST, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { assets: [] }; })
      .catch(function () { return { assets: [] }; })
      .then(function (m) {
        assets = (m.assets || []).filter(function (a) { return a.media_type === "image/png"; });
        render();
      });
  }

  function list(box, lines) {
    var ul = box.querySelector("ul") || document.createElement("ul");
    ul.textContent = "";
    lines.forEach(function (t) {
      var li = document.createElement("li");
      li.textContent = t;
      ul.appendChild(li);
    });
    return ul;
  }

  function showStatus(status) {
    var box = $("problems");
    box.hidden = !status.problems.length;
    if (status.problems.length) {
      box.textContent = "pressroom: " + status.problems.length +
        (status.problems.length === 1 ? " problem" : " problems") +
        ". The preview shows the last good build: fix and save.";
      box.appendChild(list(box, status.problems));
    }
    var warnings = status.warnings || [];
    var note = $("warnings");
    note.hidden = !warnings.length;
    note.querySelector("summary").textContent = "pressroom: " + warnings.length +
      (warnings.length === 1 ? " warning" : " warnings");
    list(note, warnings);
  }

  function poll(since) {
    if (document.hidden) { return; }
    fetch(STATUS + "?since=" + since, { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) { throw new Error("status " + r.status); }
        return r.json();
      })
      .then(function (status) {
        failures = 0;
        var changed = status.generation !== seen;
        seen = status.generation;
        showStatus(status);
        (changed && !status.problems.length ? loadManifest() : Promise.resolve())
          .then(function () { poll(seen); });
      }, function () {
        failures += 1;
        setTimeout(function () { poll(-1); }, Math.min(2000, 100 * Math.pow(2, failures)));
      });
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.tagName === "SELECT") { return; }
    var key = e.key.toLowerCase();
    if (e.key === "ArrowRight") { step("format", 1); }
    else if (e.key === "ArrowLeft") { step("format", -1); }
    else if (e.key === "ArrowDown") { step("message", 1); }
    else if (e.key === "ArrowUp") { step("message", -1); }
    else if (key === "l") { step("locale", e.shiftKey ? -1 : 1); }
    else if (key === "k") { step("kit", e.shiftKey ? -1 : 1); }
    else if (key === "g") { state.grid = !state.grid; update(); }
    else if (key === "z" || key === "1") { state.full = !state.full; update(); }
    else { return; }
    e.preventDefault();
  });
  KEYS.forEach(function (k) {
    $(k).addEventListener("change", function () { state[k] = $(k).value; update(); });
  });
  $("size").addEventListener("click", function () { state.full = !state.full; update(); });
  $("mode").addEventListener("click", function () { state.grid = !state.grid; update(); });
  window.addEventListener("hashchange", function () { readHash(); render(); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { poll(-1); }
  });
  readHash();
  loadManifest().then(function () { poll(-1); });
})();
