/*
 * Turkish-aware search for Material for MkDocs (lunr in a web worker).
 *
 * The problem: the search worker lower-cases documents and queries with JavaScript's
 * String.prototype.toLowerCase(), which is not Turkish: "İ" becomes "i" + U+0307 (combining
 * dot above) and "I" becomes "i" instead of "ı". So "GENÇLİK" never finds "gençlik", "IŞIK"
 * never finds "ışık", and "istanbul" never finds "İstanbul" (indexed as "i̇stanbul").
 * People also type without Turkish letters ("genclik", "isik").
 *
 * The fix, without touching Material's code: Material talks to its worker with postMessage.
 *  1. SETUP (the index): every document gets an extra field "fold" with its title, text and
 *     tags folded (Turkish lower case, then diacritics removed: ç→c ğ→g ı→i ö→o ş→s ü→u â→a),
 *     and the field is added to the index configuration. Title and text are left untouched, so
 *     results are displayed and highlighted exactly as before.
 *  2. QUERY: the query is lower-cased the Turkish way (İ→i, I→ı) before the worker sees it,
 *     and its folded form is appended when it differs, so "GENÇLİK" searches "gençlik" (matches
 *     and highlights the text) and "genclik" (matches the folded field).
 * If the index was sent before this script ran (it loads after Material's bundle), the first
 * query re-sends a folded index to the same worker before it is passed on.
 */
(function () {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  var FOLD_FIELD = "fold";

  function trLower(value) {
    return String(value).replace(/İ/g, "i").replace(/I/g, "ı").toLowerCase();
  }

  function fold(value) {
    return trLower(value)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ı/g, "i");
  }

  function foldDocument(doc) {
    var text = String(doc.text || "").replace(/<[^>]*>/g, " ");
    var parts = [doc.title || "", text].concat(doc.tags || []);
    var folded = fold(parts.join(" "))
      .replace(/&[a-z]+;|&#\d+;/g, " ")
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim();
    var copy = {};
    for (var key in doc) {
      if (Object.prototype.hasOwnProperty.call(doc, key)) copy[key] = doc[key];
    }
    copy[FOLD_FIELD] = folded;
    return copy;
  }

  function foldIndex(data) {
    var config = {};
    for (var key in data.config) {
      if (Object.prototype.hasOwnProperty.call(data.config, key)) config[key] = data.config[key];
    }
    config.fields = {};
    for (var name in data.config.fields || {}) {
      config.fields[name] = data.config.fields[name];
    }
    config.fields[FOLD_FIELD] = { boost: 1 };
    return {
      config: config,
      docs: (data.docs || []).map(foldDocument),
      options: data.options || {}
    };
  }

  function transformQuery(query) {
    var lowered = trLower(query);
    var folded = fold(lowered);
    return folded === lowered ? lowered : lowered + " " + folded;
  }

  function siteConfig() {
    var element = document.getElementById("__config");
    try {
      return element ? JSON.parse(element.textContent) : {};
    } catch (err) {
      return {};
    }
  }

  function fetchIndex() {
    var config = siteConfig();
    var base = new URL(config.base || ".", location.href);
    if (!/\/$/.test(base.pathname)) base.pathname += "/";
    var features = config.features || [];
    return fetch(new URL("search/search_index.json", base).href, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (index) {
        return {
          config: index.config,
          docs: index.docs,
          options: { suggest: features.indexOf("search.suggest") !== -1 }
        };
      });
  }

  if (typeof Worker === "undefined" || Worker.prototype.__turkishSearch) return;

  var originalPost = Worker.prototype.postMessage;
  var folded = new WeakSet();    // workers that received a folded index
  var pending = new WeakMap();   // worker -> latest query waiting for a folded index

  function post(worker, message) {
    return originalPost.call(worker, message);
  }

  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && typeof message === "object" && message.type === SETUP && message.data) {
      folded.add(this);
      args[0] = { type: SETUP, data: foldIndex(message.data) };
      return originalPost.apply(this, args);
    }
    if (message && typeof message === "object" && message.type === QUERY &&
        typeof message.data === "string") {
      var query = { type: QUERY, data: transformQuery(message.data) };
      if (folded.has(this)) return post(this, query);
      var worker = this;
      var waiting = pending.has(worker);
      pending.set(worker, query);
      if (!waiting) {
        fetchIndex().then(function (index) {
          if (!folded.has(worker)) {
            folded.add(worker);
            post(worker, { type: SETUP, data: foldIndex(index) });
          }
        }).catch(function (err) {
          folded.add(worker); // search without folding rather than not at all
          if (window.console) console.warn("turkish-search: index not re-sent", err);
        }).then(function () {
          var latest = pending.get(worker);
          pending.delete(worker);
          if (latest) post(worker, latest);
        });
      }
      return undefined;
    }
    return originalPost.apply(this, args);
  };
  Worker.prototype.__turkishSearch = true;

  // For tests and for anyone extending search: the same folding the site uses.
  window.turkishSearch = { trLower: trLower, fold: fold, transformQuery: transformQuery };
})();
