/*
 * Keyboard access to wide tables (WCAG 2.1.1, axe rule "scrollable-region-focusable").
 *
 * Material wraps every table in a horizontally scrolling box (.md-typeset__scrollwrap). When
 * a table is wider than the screen (the week calendar on a phone), that box scrolls, but a
 * keyboard user cannot reach it. Each box that actually scrolls becomes a named, focusable
 * region ("Tablo: <heading above it>"), so Tab reaches it and the arrow keys scroll it.
 * Boxes that do not scroll are left alone (no useless tab stops); re-checked on resize.
 */
(function () {
  "use strict";

  function headingBefore(element) {
    var start = element.closest(".md-typeset__scrollwrap") || element;
    for (var node = start; node; node = node.previousElementSibling || node.parentElement) {
      if (/^H[1-6]$/.test(node.tagName)) {
        return node.textContent.replace(/\s*¶\s*$/, "").trim();
      }
      if (node.tagName === "ARTICLE" || node === document.body) break;
    }
    return "";
  }

  function mark(element, scrolls) {
    if (scrolls) {
      if (!element.hasAttribute("tabindex")) {
        var heading = headingBefore(element);
        element.setAttribute("tabindex", "0");
        if (element.tagName !== "TABLE") element.setAttribute("role", "region");
        element.setAttribute("aria-label", heading ? "Tablo: " + heading : "Tablo");
        element.setAttribute("data-scroll-region", "");
      }
    } else if (element.hasAttribute("data-scroll-region")) {
      element.removeAttribute("tabindex");
      element.removeAttribute("role");
      element.removeAttribute("aria-label");
      element.removeAttribute("data-scroll-region");
    }
  }

  function update() {
    // Material's wrapper, and the table itself (Material lets it scroll too)
    var elements = document.querySelectorAll(
      ".md-typeset .md-typeset__scrollwrap, .md-typeset table:not([class])");
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      var style = window.getComputedStyle(element);
      var scrollable = /(auto|scroll)/.test(style.overflowX + " " + style.overflow);
      mark(element, scrollable && element.scrollWidth > element.clientWidth + 1);
    }
  }

  var pending = 0;
  function schedule() {
    if (pending) return;
    pending = window.requestAnimationFrame(function () {
      pending = 0;
      update();
    });
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(schedule); // Material's page-ready signal (also instant navigation)
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", schedule);
  } else {
    schedule();
  }
  window.addEventListener("load", schedule);
  window.addEventListener("resize", schedule);
})();
