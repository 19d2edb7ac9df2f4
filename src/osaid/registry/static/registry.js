// osaid registry: light progressive enhancement only. Every page works without this file.
(function () {
  "use strict";

  // Submission progress: poll the JSON status and update the bar in place; when the
  // evaluation is finished, load the page again so the server renders the outcome.
  var box = document.querySelector("[data-poll]");
  if (box) {
    var url = box.getAttribute("data-poll");
    var bar = box.querySelector("progress");
    var msg = box.querySelector("[data-message]");
    var tick = function () {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (bar) { bar.value = s.progress; bar.textContent = s.progress + "%"; }
          if (msg) { msg.textContent = s.status + " — " + s.progress + "% " + (s.message || ""); }
          if (s.status === "done" || s.status === "failed") { window.location.reload(); }
          else { window.setTimeout(tick, 700); }
        })
        .catch(function () { window.setTimeout(tick, 2000); });
    };
    window.setTimeout(tick, 500);
  }

  // Compare: at most four systems; say so next to the boxes instead of failing on submit.
  var form = document.querySelector("form[data-max-checked]");
  if (form) {
    var max = parseInt(form.getAttribute("data-max-checked"), 10);
    var note = form.querySelector("[data-count]");
    var update = function () {
      var boxes = form.querySelectorAll("input[type=checkbox]");
      var n = form.querySelectorAll("input[type=checkbox]:checked").length;
      boxes.forEach(function (b) { b.disabled = !b.checked && n >= max; });
      if (note) { note.textContent = n + " of at most " + max + " selected"; }
    };
    form.addEventListener("change", update);
    update();
  }

  // Copy buttons for badge embed snippets.
  document.querySelectorAll("button[data-copy]").forEach(function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var target = document.getElementById(b.getAttribute("data-copy"));
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.textContent.trim()).then(function () {
          b.textContent = "Copied";
        });
      }
    });
  });
})();
