// Search on a static npc-kg site: on search.html?q=..., list the entries of the index the page
// carries (a JSON data block, the same index as search.json) that match q, best first. The twin of
// npc_kg/serve/search.py (normalise, rank, search): same folding, same matching, same order.
// No dependencies, nothing fetched, text only inserted as text.
"use strict";
(function () {
  var MAX_RESULTS = 50;

  function normalise(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function rank(label, query) {
    if (!query) return null;
    if (label === query) return 0;
    if (label.startsWith(query)) return 1;
    var words = label.split(" ");
    var every = query.split(" ").every(function (part) {
      return words.some(function (word) { return word.startsWith(part); });
    });
    if (every) return 2;
    return label.indexOf(query) >= 0 ? 3 : null;
  }

  function compare(a, b) {
    for (var i = 0; i < a.key.length; i++) {
      if (a.key[i] < b.key[i]) return -1;
      if (a.key[i] > b.key[i]) return 1;
    }
    return 0;
  }

  // Python compares strings by code point; JavaScript's < by UTF-16 unit: the same order except
  // across the surrogate range, which labels of this data do not reach.
  function search(items, text) {
    var query = normalise(text);
    var found = [];
    items.forEach(function (item) {
      var label = normalise(item.label);
      var score = rank(label, query);
      if (score !== null) found.push({ key: [score, Array.from(item.label).length, label, item.iri], item: item });
    });
    return found.sort(compare).map(function (f) { return f.item; });
  }

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function href(item) {
    if (item.path) return encodeURI(item.path + ".html");
    return /^https?:\/\//.test(item.iri) ? item.iri : null;
  }

  function show() {
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var input = document.querySelector("form.search input[name=q]");
    if (input) input.value = query;
    var index = JSON.parse(document.getElementById("search-index").textContent);
    var summary = document.getElementById("summary");
    var list = document.getElementById("results");
    if (!query.trim()) {
      summary.textContent = "Type a name to search for: a session, a person, an office, a measure, a resolution.";
      return;
    }
    var found = search(index.items, query);
    summary.textContent = found.length + " result(s) for \u201c" + query + "\u201d" +
      (found.length > MAX_RESULTS ? ", the first " + MAX_RESULTS + " shown" : "") + ".";
    found.slice(0, MAX_RESULTS).forEach(function (item) {
      var li = element("li");
      var link = href(item);
      var name = element(link ? "a" : "span", item.label);
      if (link) name.setAttribute("href", link);
      li.appendChild(name);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(element("span", item.type, "type"));
      if (item.description) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(element("span", item.description, "muted"));
      }
      list.appendChild(li);
    });
  }

  show();
})();
