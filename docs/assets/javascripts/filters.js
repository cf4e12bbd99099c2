// The filter of the calendar pages (week and month): by unit, platform and state, over the data
// attributes of the cards and post blocks in the page; no server, no framework. The choice is
// kept in the URL (?birim=ghgm&platform=instagram&durum=planned) so a filtered view can be shared.
(function () {
  "use strict";
  var NAMES = ["birim", "platform", "durum"];

  function matches(el, want) {
    var platforms = (el.getAttribute("data-platforms") || "").split(" ");
    return (!want.birim || el.getAttribute("data-unit") === want.birim) &&
      (!want.platform || platforms.indexOf(want.platform) >= 0) &&
      (!want.durum || el.getAttribute("data-status") === want.durum);
  }

  function apply(form) {
    var want = {};
    NAMES.forEach(function (name) { want[name] = form.elements[name].value; });
    var shown = 0;
    var total = 0;
    document.querySelectorAll("article [data-status]").forEach(function (el) {
      var ok = matches(el, want);
      el.hidden = !ok;
      if (el.classList.contains("intake-card")) {
        total += 1;
        if (ok) shown += 1;
      }
    });
    form.querySelector("output").textContent = total + " paylaşımdan " + shown + " tanesi gösteriliyor";
  }

  function remember(form) {
    var url = new URL(window.location.href);
    NAMES.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    });
    window.history.replaceState(null, "", url.toString());
  }

  function setup() {
    var form = document.querySelector("form[data-intake-filter]");
    if (!form) return;
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      var value = params.get(name);
      var select = form.elements[name];
      for (var i = 0; value && i < select.options.length; i++) {
        if (select.options[i].value === value) select.value = value;
      }
    });
    form.hidden = false;
    form.addEventListener("change", function () {
      remember(form);
      apply(form);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply(form);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
