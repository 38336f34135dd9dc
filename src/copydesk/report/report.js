/* copydesk report: renders the run's embedded JSON into an overview, a cluster browser and a
 * document viewer.
 *
 * Document text is untrusted crawl content. Everything taken from the data goes into the page
 * through textContent / createTextNode (see el() and svgEl()); no data string is ever parsed as
 * HTML or set as an event-handler attribute or an href. Links are built only from routes of this
 * page ("#/doc/12"), never from a document's url. */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("copydesk-data").textContent);
  var stats = DATA.stats || {};
  var sample = DATA.sample || {};
  var docs = DATA.documents || [];
  var clusters = DATA.clusters || [];
  var STATUSES = ["kept", "duplicate", "filtered", "invalid"];
  var CLUSTER_PAGE = 25;
  var DOC_PAGE = 50;
  var MAX_DIFF_EDITS = 2500;
  var SEARCH_TEXT_CHARS = 3000; // cluster search looks at the start of the story only
  var fmt = new Intl.NumberFormat("en-US");

  var docByN = new Map();
  var docById = new Map();
  docs.forEach(function (d) {
    docByN.set(d.n, d);
    var seen = docById.get(d.id);
    if (!seen || (seen.status === "invalid" && d.status !== "invalid")) docById.set(d.id, d);
  });
  var clusterByNumber = new Map();
  clusters.forEach(function (c) { clusterByNumber.set(String(c.cluster), c); });

  /* ---------- DOM helpers: the only way data reaches the page ---------- */

  function el(tag, props) {
    var node = document.createElement(tag);
    applyProps(node, props);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = String(attrs[k]);
      else node.setAttribute(k, String(attrs[k]));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function applyProps(node, props) {
    if (!props) return;
    Object.keys(props).forEach(function (k) {
      var v = props[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = String(v);
      else if (k === "class") node.className = v;
      else if (k === "route") node.setAttribute("href", "#" + v); // routes are built by this script
      else if (k === "disabled") node.disabled = true;
      else if (k === "on") Object.keys(v).forEach(function (ev) { node.addEventListener(ev, v[ev]); });
      else if (k.indexOf("data-") === 0 || k === "id" || k === "title" || k === "type" ||
               k === "placeholder" || k === "value" || k === "hidden" || k === "aria-label") {
        node.setAttribute(k, String(v));
      } else throw new Error("el(): attribute not allowed: " + k);
    });
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function num(v) { return typeof v === "number" ? fmt.format(v) : "–"; }
  function pct(part, whole) { return whole ? (100 * part / whole).toFixed(1) + "%" : ""; }
  function score(v) { return typeof v === "number" ? v.toFixed(2) : "–"; }
  function family(code) { return String(code).split(":")[0]; }
  function chip(code) { return el("span", { "class": "chip " + family(code), text: code }); }
  function badge(status) { return el("span", { "class": "badge " + status, text: status }); }
  function shorten(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  /* ---------- routing: #/, #/clusters?q=&p=, #/cluster/N, #/documents?..., #/doc/N ---------- */

  function parseRoute() {
    var raw = location.hash.replace(/^#\/?/, "");
    var q = raw.indexOf("?");
    var path = q === -1 ? raw : raw.slice(0, q);
    var params = new URLSearchParams(q === -1 ? "" : raw.slice(q + 1));
    var parts = path.split("/").map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    return { page: parts[0] || "overview", arg: parts[1], params: params };
  }

  function routeOf(page, params) {
    var query = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) {
      if (params[k] !== "" && params[k] !== null && params[k] !== undefined) query.set(k, params[k]);
    });
    var qs = query.toString();
    return "/" + page + (qs ? "?" + qs : "");
  }

  // numbered from 1, as the documents list shows them: "#/doc/3" is the list's row 3
  function docRoute(d) { return "/doc/" + (d.n + 1); }
  function clusterRoute(number) { return "/cluster/" + encodeURIComponent(String(number)); }

  var app = document.getElementById("app");
  var lastList = { clusters: "/clusters", documents: "/documents" };

  function render() {
    var r = parseRoute();
    var tab = { cluster: "clusters", doc: "documents" }[r.page] || r.page;
    document.querySelectorAll("#tabs a").forEach(function (a) {
      a.classList.toggle("active", a.getAttribute("data-tab") === tab);
    });
    clear(app);
    if (r.page === "clusters") renderClusterList(r.params);
    else if (r.page === "cluster") renderCluster(r.arg);
    else if (r.page === "documents") renderDocumentList(r.params);
    else if (r.page === "doc") renderDocument(r.arg);
    else renderOverview();
    window.scrollTo(0, 0);
  }

  /* ---------- header ---------- */

  function renderHeader() {
    var meta = document.getElementById("run-meta");
    var bits = ["copydesk " + (stats.copydesk_version || "")];
    if (typeof stats.seconds === "number") {
      bits.push(num(stats.read) + " documents in " + stats.seconds.toFixed(1) + " s");
    }
    if (typeof stats.docs_per_second === "number") {
      bits.push(fmt.format(Math.round(stats.docs_per_second)) + " docs/s");
    }
    if (typeof stats.workers === "number") bits.push(stats.workers + (stats.workers === 1 ? " worker" : " workers"));
    meta.textContent = bits.join(" · ");
    var note = document.getElementById("sample-note");
    if (sample.note) {
      clear(note);
      append(note, [el("strong", { text: "Sampled." }), sample.note]);
      note.hidden = false;
    }
  }

  /* ---------- overview ---------- */

  function renderOverview() {
    var status = stats.status || {};
    var read = stats.read || 0;
    var cards = el("section", { "class": "summary", id: "summary" });
    var items = [["read", "Read", read]].concat(STATUSES.map(function (s) {
      return [s, s.charAt(0).toUpperCase() + s.slice(1), status[s] || 0];
    }));
    items.forEach(function (it) {
      cards.appendChild(el("div", { "class": "count " + it[0], "data-count": it[0] },
        el("div", { "class": "label", text: it[1] }),
        el("div", { "class": "value", text: num(it[2]) }),
        el("div", { "class": "share", text: it[0] === "read" ? "documents in the input" : read ? pct(it[2], read) + " of read" : "nothing read" })));
    });
    var bar = el("div", { "class": "statusbar", "aria-label": "documents by status" });
    STATUSES.forEach(function (s) {
      if (!status[s] || !read) return;
      var seg = el("div", { title: s + ": " + num(status[s]) });
      seg.style.width = (100 * status[s] / read) + "%";
      seg.style.background = "var(--" + s + ")";
      bar.appendChild(seg);
    });
    app.appendChild(cards);
    app.appendChild(bar);

    var lines = stats.removed_lines || {};
    var reasons = stats.reasons || {};
    var totalLines = Object.keys(lines).reduce(function (a, k) { return a + lines[k]; }, 0);
    app.appendChild(el("div", { "class": "grid2 charts" },
      el("section", { "class": "card chart", id: "chart-removed" },
        el("h2", { text: "Lines removed, by reason" }),
        el("p", { "class": "hint", text: num(totalLines) + " lines cut from documents. Click a bar to list those documents." }),
        barChart(lines, function (k) { return routeOf("documents", { reason: k }); })),
      el("section", { "class": "card chart", id: "chart-reasons" },
        el("h2", { text: "Documents not kept, by reason" }),
        el("p", { "class": "hint", text: "Why documents became duplicates, were filtered or were invalid." }),
        barChart(reasons, function (k) { return routeOf("documents", { reason: k }); }))));
    app.appendChild(el("div", { "class": "grid2 charts" },
      el("section", { "class": "card chart", id: "chart-sizes" },
        el("h2", { text: "Cluster sizes" }),
        el("p", { "class": "hint", text: num((stats.clusters || {}).count || 0) + " clusters of copies; bars count clusters by number of documents." }),
        sizeChart((stats.clusters || {}).sizes || {})),
      el("section", { "class": "card", id: "sites" },
        el("h2", { text: "Sites with the most template lines" }),
        el("p", { "class": "hint", text: "Distinct lines a site repeats across many articles, found by the scan; each is removed as boilerplate:template from every page of the site that holds it." }),
        sitesTable(stats.sites || []))));
    if (stats.passes) app.appendChild(passesCard(stats.passes));
  }

  function barChart(counts, routeFor) {
    var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
    if (!keys.length) return el("p", { "class": "empty", text: "None in this run." });
    var rowH = 24, labelW = 190, barW = 300, valueW = 70, width = labelW + barW + valueW;
    var max = counts[keys[0]] || 1;
    var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + keys.length * rowH, role: "img" });
    keys.forEach(function (k, i) {
      var y = i * rowH;
      var w = Math.max(2, barW * counts[k] / max);
      var link = svgEl("a", { href: "#" + routeFor(k), "class": "bar" },
        svgEl("title", { text: k + ": " + num(counts[k]) }),
        svgEl("text", { x: labelW - 8, y: y + 16, "text-anchor": "end", text: shorten(k, 28) }),
        svgEl("rect", { "class": "fill", x: labelW, y: y + 4, width: w, height: rowH - 8, rx: 3, fill: colourOf(k) }),
        svgEl("text", { "class": "value", x: labelW + w + 6, y: y + 16, text: num(counts[k]) }));
      svg.appendChild(link);
    });
    return svg;
  }

  function colourOf(code) {
    return { boilerplate: "#e8962e", repeat: "#9f63d9", duplicate: "#3b5bdb", filtered: "#868e96",
             invalid: "#c92a2a" }[family(code)] || "#5c7cfa";
  }

  function sizeBuckets(sizes) {
    var keys = Object.keys(sizes).map(Number).filter(function (k) { return k > 0; }).sort(function (a, b) { return a - b; });
    if (keys.length <= 12) return keys.map(function (k) { return [String(k), sizes[k]]; });
    var edges = [[2, 2], [3, 3], [4, 4], [5, 5], [6, 10], [11, 20], [21, 50], [51, 100], [101, 1000], [1001, Infinity]];
    return edges.map(function (e) {
      var total = 0;
      keys.forEach(function (k) { if (k >= e[0] && k <= e[1]) total += sizes[k]; });
      var label = e[0] === e[1] ? String(e[0]) : e[1] === Infinity ? e[0] + "+" : e[0] + "–" + e[1];
      return [label, total];
    }).filter(function (b) { return b[1] > 0; });
  }

  function sizeChart(sizes) {
    var buckets = sizeBuckets(sizes);
    if (!buckets.length) return el("p", { "class": "empty", text: "No clusters in this run." });
    var width = 560, h = 150, top = 18, bottom = 34, slot = Math.min(64, (width - 20) / buckets.length);
    var left = (width - slot * buckets.length) / 2;
    var max = Math.max.apply(null, buckets.map(function (b) { return b[1]; })) || 1;
    var svg = svgEl("svg", { viewBox: "0 0 " + width + " " + (h + top + bottom), role: "img" });
    buckets.forEach(function (b, i) {
      var bh = Math.max(2, h * b[1] / max), x = left + i * slot;
      svg.appendChild(svgEl("g", {},
        svgEl("title", { text: "size " + b[0] + ": " + num(b[1]) + " clusters" }),
        svgEl("rect", { x: x + slot * 0.15, y: top + h - bh, width: slot * 0.7, height: bh, rx: 3, fill: "#3b5bdb" }),
        svgEl("text", { "class": "value", x: x + slot / 2, y: top + h - bh - 4, "text-anchor": "middle", text: num(b[1]) }),
        svgEl("text", { "class": "axis", x: x + slot / 2, y: top + h + 16, "text-anchor": "middle", text: b[0] })));
    });
    svg.appendChild(svgEl("text", { "class": "axis", x: width / 2, y: h + top + bottom - 2, "text-anchor": "middle", text: "documents per cluster" }));
    return svg;
  }

  function sitesTable(sites) {
    var rows = sites.slice().sort(function (a, b) { return (b.template_lines || 0) - (a.template_lines || 0); }).slice(0, 15);
    if (!rows.length) return el("p", { "class": "empty", text: "No site had template lines." });
    var max = rows[0].template_lines || 1;
    return el("table", {},
      el("thead", {}, el("tr", {}, el("th", { text: "Site" }), el("th", { "class": "num", text: "Documents" }),
        el("th", { text: "Distinct template lines" }))),
      el("tbody", {}, rows.map(function (s) {
        var bar = el("span", { "class": "minibar" });
        bar.style.width = Math.max(2, 120 * (s.template_lines || 0) / max) + "px";
        return el("tr", {},
          el("td", {}, el("a", { route: routeOf("documents", { site: s.site }), "class": "ident", text: s.site || "(no site)" })),
          el("td", { "class": "num", text: num(s.documents) }),
          el("td", {}, bar, num(s.template_lines)));
      })));
  }

  function passesCard(passes) {
    var keys = Object.keys(passes);
    return el("section", { "class": "card", id: "passes" },
      el("h2", { text: "Time per pass" }),
      el("p", { "class": "sub" }, keys.map(function (k, i) {
        return [i ? " · " : "", k + " ", el("b", { text: Number(passes[k]).toFixed(2) + " s" })];
      })));
  }

  /* ---------- clusters ---------- */

  var clusterIndex = null;
  function clusterHaystack(c) {
    if (!clusterIndex) clusterIndex = new Map();
    var s = clusterIndex.get(c);
    if (s === undefined) {
      var parts = [String(c.cluster), c.representative];
      c.members.forEach(function (m) {
        parts.push(m.id);
        var d = docById.get(m.id);
        if (d) parts.push(d.title || "", d.site || "");
      });
      var rep = docById.get(c.representative);
      if (rep) parts.push(rep.original.slice(0, SEARCH_TEXT_CHARS));
      s = parts.join("\n").toLowerCase();
      clusterIndex.set(c, s);
    }
    return s;
  }

  function renderClusterList(params) {
    var q = params.get("q") || "";
    var sort = params.get("sort") || "size";
    var page = Math.max(1, parseInt(params.get("p") || "1", 10) || 1);
    var search = el("input", { type: "search", id: "cluster-search", placeholder: "Search clusters: id, title, site or words of the story", value: q, "aria-label": "search clusters" });
    var sorter = el("select", { id: "cluster-sort", "aria-label": "sort clusters" },
      el("option", { value: "size", text: "largest first" }),
      el("option", { value: "number", text: "by cluster number" }));
    sorter.value = sort;
    var found = el("span", { "class": "found" });
    var results = el("div", { id: "cluster-results" });
    app.appendChild(el("section", { "class": "card" },
      el("h1", { text: "Clusters of copies" }),
      el("p", { "class": "sub", text: "Each cluster is one story published several times; the representative is the copy kept." }),
      el("div", { "class": "toolbar" }, search, sorter, found),
      results));

    function update(resetPage) {
      if (resetPage) page = 1;
      q = search.value; sort = sorter.value;
      var route = routeOf("clusters", { q: q, sort: sort === "size" ? "" : sort, p: page > 1 ? page : "" });
      lastList.clusters = route;
      history.replaceState(null, "", "#" + route);
      var needle = q.trim().toLowerCase();
      var hits = clusters.filter(function (c) { return !needle || clusterHaystack(c).indexOf(needle) !== -1; });
      if (sort === "size") hits.sort(function (a, b) { return b.size - a.size || a.cluster - b.cluster; });
      found.textContent = fmt.format(hits.length) + " of " + fmt.format(clusters.length) + " clusters";
      clear(results);
      if (!hits.length) { results.appendChild(el("p", { "class": "empty", text: "No cluster matches." })); return; }
      var pages = Math.ceil(hits.length / CLUSTER_PAGE);
      page = Math.min(page, pages);
      var rows = hits.slice((page - 1) * CLUSTER_PAGE, page * CLUSTER_PAGE);
      results.appendChild(el("table", { id: "cluster-table" },
        el("thead", {}, el("tr", {}, el("th", { "class": "num", text: "#" }), el("th", { "class": "num", text: "Size" }),
          el("th", { text: "Representative" }), el("th", { text: "Sites" }), el("th", { "class": "num", text: "Lowest similarity" }))),
        el("tbody", {}, rows.map(clusterRow))));
      results.appendChild(pager(page, pages, function (p) { page = p; update(false); }));
    }
    search.addEventListener("input", function () { update(true); });
    sorter.addEventListener("change", function () { update(true); });
    update(false);
    if (!q) search.focus();
  }

  function clusterRow(c) {
    var rep = docById.get(c.representative);
    var sites = [];
    c.members.forEach(function (m) {
      var d = docById.get(m.id);
      if (d && d.site && sites.indexOf(d.site) === -1) sites.push(d.site);
    });
    var sims = c.members.slice(1).map(function (m) { return m.similarity; }).filter(function (v) { return typeof v === "number"; });
    var tr = el("tr", { "class": "row cluster-row", "data-cluster": c.cluster, on: { click: function () { location.hash = clusterRoute(c.cluster); } } },
      el("td", { "class": "num" }, el("a", { route: clusterRoute(c.cluster), text: String(c.cluster) })),
      el("td", { "class": "num", text: num(c.size) }),
      el("td", {}, el("div", { "class": "title", text: rep && rep.title ? rep.title : "(untitled)" }),
        el("div", { "class": "ident sub", text: c.representative })),
      el("td", { "class": "sub", text: sites.slice(0, 3).join(", ") + (sites.length > 3 ? " +" + (sites.length - 3) : "") }),
      el("td", { "class": "num", text: sims.length ? Math.min.apply(null, sims).toFixed(2) : "–" }));
    return tr;
  }

  function pager(page, pages, go) {
    return el("div", { "class": "pager" },
      el("button", { type: "button", "class": "prev", disabled: page <= 1, text: "‹ Previous", on: { click: function () { go(page - 1); } } }),
      el("span", { "class": "page-of", text: "page " + page + " of " + pages }),
      el("button", { type: "button", "class": "next", disabled: page >= pages, text: "Next ›", on: { click: function () { go(page + 1); } } }));
  }

  function renderCluster(number) {
    var c = clusterByNumber.get(String(number));
    app.appendChild(el("div", { "class": "crumbs" }, el("a", { route: lastList.clusters, text: "‹ All clusters" })));
    if (!c) {
      app.appendChild(el("p", { "class": "empty", text: "Cluster " + number + " is not in this report" + (sample.note ? " (the report is sampled)." : ".") }));
      return;
    }
    var rep = docById.get(c.representative);
    var repText = rep ? cleanText(rep) : "";
    var view = el("section", { id: "cluster-view", "data-cluster": c.cluster });
    view.appendChild(el("div", { "class": "card" },
      el("h1", { text: "Cluster " + c.cluster }),
      el("p", { "class": "sub" }, num(c.size) + " documents · representative ", el("span", { "class": "ident", text: c.representative })),
      c.size > c.members.length ? el("p", { "class": "notice", text: "Showing the first " + c.members.length + " of " + num(c.size) + " members." }) : null,
      el("div", { "class": "legend" },
        el("span", {}, "Each copy is compared word by word with the representative:"),
        el("span", { "class": "key-ins", text: "words not in the representative" }),
        el("span", { "class": "key-del", text: "representative's words missing here" }))));
    var cols = el("div", { "class": "members", id: "members" });
    c.members.forEach(function (m, i) {
      cols.appendChild(memberColumn(c, m, i === 0, repText));
    });
    view.appendChild(cols);
    app.appendChild(view);
    syncScroll(cols.querySelectorAll(".body"));
  }

  /* Scrolling one column scrolls the others to the same relative place, so a paragraph and its
   * copies stay side by side. */
  function syncScroll(bodies) {
    var echo = new Map(); // scrollTop this code set on a column: its scroll event is not a user's
    bodies.forEach(function (b) {
      b.addEventListener("scroll", function () {
        var expected = echo.get(b);
        echo.delete(b);
        if (expected !== undefined && Math.abs(expected - b.scrollTop) <= 1) return;
        var ratio = b.scrollTop / Math.max(1, b.scrollHeight - b.clientHeight);
        bodies.forEach(function (o) {
          if (o === b) return;
          var top = Math.round(ratio * (o.scrollHeight - o.clientHeight));
          if (Math.abs(o.scrollTop - top) > 1) { echo.set(o, top); o.scrollTop = top; }
        });
      });
    });
  }

  function memberColumn(c, m, isRep, repText) {
    var d = docById.get(m.id);
    var head = el("header", {},
      el("div", { "class": isRep ? "role rep" : "role", text: isRep ? "Representative" : "Copy" }),
      d ? el("a", { route: docRoute(d), "class": "ident member-id", text: m.id }) : el("span", { "class": "ident member-id", text: m.id }),
      d && d.title ? el("div", { "class": "title", text: d.title }) : null,
      el("div", { "class": "scores" },
        d ? badge(d.status) : null,
        d && d.site ? el("span", { text: d.site }) : null,
        isRep ? null : el("span", {}, "similarity ", el("b", { text: score(m.similarity) })),
        isRep ? null : el("span", {}, "containment ", el("b", { text: score(m.containment) }))));
    var body = el("div", { "class": "body" });
    var col = el("article", { "class": isRep ? "member rep" : "member", "data-id": m.id }, head, body);
    if (!d) {
      body.appendChild(el("p", { "class": "empty", text: "This document is not in the report." }));
      return col;
    }
    var text = cleanText(d);
    if (isRep) { body.textContent = text; return col; }
    var diff = wordDiff(repText, text);
    if (!diff) {
      body.appendChild(el("p", { "class": "notice", text: "Too different from the representative to align word by word." }));
      body.appendChild(document.createTextNode(text));
      return col;
    }
    var added = 0, gone = 0, last = "";
    diff.forEach(function (part) {
      // A run that ends the copy's text has no trailing space; keep the next run apart from it.
      if (last && !/\s$/.test(last)) body.appendChild(document.createTextNode(" "));
      var text = part[1];
      if (part[0] === "=") body.appendChild(document.createTextNode(text));
      else if (part[0] === "+") { added += part[2]; body.appendChild(el("mark", { "class": "ins", text: text })); }
      else { gone += part[2]; body.appendChild(el("del", { "class": "gone", text: text })); }
      last = text;
    });
    head.querySelector(".scores").appendChild(el("span", { "class": "diffcount", text: "+" + added + " / −" + gone + " words" }));
    return col;
  }

  /* The cleaned text as the pipeline writes it (clean/__init__.py, _assemble): the lines no
   * span removed, each without trailing white space and zero-width characters, runs of blank
   * lines as one, none at either end. Derived here so the data carries each text once. */
  function cleanText(d) {
    if (!d.has_original) return d.original;
    var cut = {};
    d.removed.forEach(function (s) { cut[s[0]] = true; });
    var kept = [], start = 0;
    d.original.split("\n").forEach(function (line) {
      if (!cut[start] || !line.trim()) {
        var stripped = line.replace(/[\s\u200b\ufeff]+$/, "");
        if (stripped || (kept.length && kept[kept.length - 1])) kept.push(stripped);
      }
      start += line.length + 1;
    });
    while (kept.length && !kept[kept.length - 1]) kept.pop();
    return kept.join("\n");
  }

  /* ---------- diff: lines first, then words inside changed lines ----------
   * Myers' O((N+M)·D) algorithm with a cap on D. Lines first keeps D small when a copy adds or
   * drops whole paragraphs; only the changed stretches are then compared word by word. */

  function splitBy(text, re) { return text.match(re) || []; }
  var LINES = /[^\n]*\n|[^\n]+$/g;
  var WORDS = /\S+\s*|\s+/g;

  /* [op, text, words] runs turning aText into bText; null when they differ too much. */
  function wordDiff(aText, bText) {
    var a = splitBy(aText, LINES), b = splitBy(bText, LINES);
    var ops = diffTokens(a, b, MAX_DIFF_EDITS);
    if (!ops) return null;
    var parts = [], gone = "", added = "";
    function push(op, text) {
      if (!text) return;
      var words = op === "=" ? 0 : splitBy(text, /\S+/g).length;
      var last = parts[parts.length - 1];
      if (last && last[0] === op) { last[1] += text; last[2] += words; } else parts.push([op, text, words]);
    }
    function flush() {
      var inner = gone && added ? diffTokens(splitBy(gone, WORDS), splitBy(added, WORDS), MAX_DIFF_EDITS) : null;
      if (inner) inner.forEach(function (op) { push(op[0], op[2]); });
      else { push("-", gone); push("+", added); }
      gone = ""; added = "";
    }
    ops.forEach(function (op) {
      if (op[0] === "-") gone += op[2];
      else if (op[0] === "+") added += op[2];
      else { flush(); push("=", op[2]); }
    });
    flush();
    return parts;
  }

  /* Myers over tokens compared with their spacing normalised: [op, index, token text] */
  function diffTokens(a, b, maxEdits) {
    var ids = new Map();
    function intern(t) {
      var key = t.replace(/\s+/g, " ").trim();
      var id = ids.get(key);
      if (id === undefined) { id = ids.size; ids.set(key, id); }
      return id;
    }
    var ops = myers(a.map(intern), b.map(intern), maxEdits);
    return ops && ops.map(function (op) { return [op[0], op[1], op[0] === "-" ? a[op[1]] : b[op[1]]]; });
  }

  /* Edit script from a to b as [op, index] with op "=" (index into b), "+" (into b), "-" (into a). */
  function myers(a, b, maxEdits) {
    var pre = 0;
    while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
    var suf = 0;
    while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
    var A = a.slice(pre, a.length - suf), B = b.slice(pre, b.length - suf);
    var N = A.length, M = B.length, max = N + M;
    var mid = [];
    if (N === 0) for (var j = 0; j < M; j++) mid.push(["+", pre + j]);
    else if (M === 0) for (var i = 0; i < N; i++) mid.push(["-", pre + i]);
    else {
      var V = new Int32Array(2 * max + 2), trace = [], D = -1;
      outer:
      for (var d = 0; d <= Math.min(max, maxEdits); d++) {
        trace.push(V.slice(max - d, max + d + 1));
        for (var k = -d; k <= d; k += 2) {
          var x = (k === -d || (k !== d && V[max + k - 1] < V[max + k + 1])) ? V[max + k + 1] : V[max + k - 1] + 1;
          var y = x - k;
          while (x < N && y < M && A[x] === B[y]) { x++; y++; }
          V[max + k] = x;
          if (x >= N && y >= M) { D = d; break outer; }
        }
      }
      if (D < 0) return null;
      var cx = N, cy = M;
      for (d = D; d > 0; d--) {
        var P = trace[d], kk = cx - cy;
        var prevK = (kk === -d || (kk !== d && P[d + kk - 1] < P[d + kk + 1])) ? kk + 1 : kk - 1;
        var px = P[d + prevK], py = px - prevK;
        while (cx > px && cy > py) { mid.push(["=", pre + cy - 1]); cx--; cy--; }
        if (cx === px) mid.push(["+", pre + cy - 1]); else mid.push(["-", pre + cx - 1]);
        cx = px; cy = py;
      }
      while (cx > 0 && cy > 0) { mid.push(["=", pre + cy - 1]); cx--; cy--; }
      mid.reverse();
    }
    var ops = [];
    for (var p = 0; p < pre; p++) ops.push(["=", p]);
    ops = ops.concat(mid);
    for (var s = 0; s < suf; s++) ops.push(["=", b.length - suf + s]);
    return ops;
  }

  /* ---------- documents ---------- */

  var docIndex = null;
  function docHaystack(d) {
    if (!docIndex) docIndex = new Map();
    var s = docIndex.get(d);
    if (s === undefined) {
      s = [d.id, d.title || "", d.site || "", d.url || "", d.origin || ""].join("\n").toLowerCase();
      docIndex.set(d, s);
    }
    return s;
  }

  /* A removed line's reason as stats.json counts it: every `model:<score>` is `model`, so the
   * "model" bar and the reason filter find the documents whose lines the model removed. */
  function reasonKey(reason) {
    return reason.indexOf("model:") === 0 ? "model" : reason;
  }

  function docReasons(d) {
    var out = d.reasons.slice();
    d.removed.forEach(function (s) { var k = reasonKey(s[2]); if (out.indexOf(k) === -1) out.push(k); });
    return out;
  }

  function renderDocumentList(params) {
    var q = params.get("q") || "", status = params.get("status") || "";
    var reason = params.get("reason") || "", site = params.get("site");
    var page = Math.max(1, parseInt(params.get("p") || "1", 10) || 1);
    var search = el("input", { type: "search", id: "doc-search", placeholder: "Search documents: id, title, site, url", value: q, "aria-label": "search documents" });
    var statusSel = el("select", { id: "doc-status", "aria-label": "status" }, el("option", { value: "", text: "any status" }),
      STATUSES.map(function (s) { return el("option", { value: s, text: s }); }));
    statusSel.value = status;
    var reasonSet = {};
    Object.keys(stats.removed_lines || {}).concat(Object.keys(stats.reasons || {})).forEach(function (r) { reasonSet[r] = 1; });
    docs.forEach(function (d) { docReasons(d).forEach(function (r) { reasonSet[r] = 1; }); });
    if (reason) reasonSet[reason] = 1;
    var reasonSel = el("select", { id: "doc-reason", "aria-label": "reason" }, el("option", { value: "", text: "any reason" }),
      Object.keys(reasonSet).sort().map(function (r) { return el("option", { value: r, text: r }); }));
    reasonSel.value = reason;
    var found = el("span", { "class": "found" });
    var results = el("div", { id: "doc-results" });
    var siteNote = site !== null ? el("span", { "class": "chip" }, "site: " + (site || "(none)") + " ",
      el("a", { route: routeOf("documents", { q: q, status: status, reason: reason }), text: "×", title: "clear site filter" })) : null;
    app.appendChild(el("section", { "class": "card" },
      el("h1", { text: "Documents" }),
      el("p", { "class": "sub", text: "Every document in this report, in input order. Open one to see which lines were removed and why." }),
      el("div", { "class": "toolbar" }, search, statusSel, reasonSel, siteNote, found),
      results));

    function update(resetPage) {
      if (resetPage) page = 1;
      q = search.value; status = statusSel.value; reason = reasonSel.value;
      var route = routeOf("documents", { q: q, status: status, reason: reason, site: site, p: page > 1 ? page : "" });
      lastList.documents = route;
      history.replaceState(null, "", "#" + route);
      var needle = q.trim().toLowerCase();
      var hits = docs.filter(function (d) {
        return (!status || d.status === status) && (site === null || (d.site || "") === site) &&
          (!reason || docReasons(d).indexOf(reason) !== -1) && (!needle || docHaystack(d).indexOf(needle) !== -1);
      });
      found.textContent = fmt.format(hits.length) + " of " + fmt.format(docs.length) + " documents";
      clear(results);
      if (!hits.length) { results.appendChild(el("p", { "class": "empty", text: "No document matches." })); return; }
      var pages = Math.ceil(hits.length / DOC_PAGE);
      page = Math.min(page, pages);
      results.appendChild(el("table", { id: "doc-table" },
        el("thead", {}, el("tr", {}, el("th", { "class": "num", text: "#" }), el("th", { text: "Document" }), el("th", { text: "Status" }),
          el("th", { text: "Reasons" }), el("th", { "class": "num", text: "Lines removed" }), el("th", { "class": "num", text: "Cluster" }))),
        el("tbody", {}, hits.slice((page - 1) * DOC_PAGE, page * DOC_PAGE).map(docRow))));
      results.appendChild(pager(page, pages, function (p) { page = p; update(false); }));
    }
    search.addEventListener("input", function () { update(true); });
    statusSel.addEventListener("change", function () { update(true); });
    reasonSel.addEventListener("change", function () { update(true); });
    update(false);
  }

  function docRow(d) {
    var lineReasons = {};
    d.removed.forEach(function (s) { lineReasons[s[2]] = (lineReasons[s[2]] || 0) + 1; });
    return el("tr", { "class": "row doc-row", "data-n": d.n, on: { click: function () { location.hash = docRoute(d); } } },
      el("td", { "class": "num sub", text: fmt.format(d.n + 1) }),
      el("td", {}, el("a", { route: docRoute(d), "class": "ident", text: d.id }),
        d.title ? el("div", { "class": "sub", text: shorten(d.title, 120) }) : null),
      el("td", {}, badge(d.status)),
      el("td", {}, d.reasons.map(chip), Object.keys(lineReasons).map(chip)),
      el("td", { "class": "num", text: num(d.removed_count) }),
      el("td", { "class": "num" }, d.cluster !== null ? el("a", { route: clusterRoute(d.cluster), text: String(d.cluster) }) : "–"));
  }

  function renderDocument(n) {
    var d = docByN.get(Number(n) - 1);
    app.appendChild(el("div", { "class": "crumbs" }, el("a", { route: lastList.documents, text: "‹ All documents" })));
    if (!d) { app.appendChild(el("p", { "class": "empty", text: "Document " + n + " is not in this report." })); return; }
    var dup = d.duplicate_of !== null ? docById.get(d.duplicate_of) : null;
    var facts = el("dl", { "class": "facts" });
    function fact(label, value) {
      if (value === null || value === undefined || value === "") return;
      facts.appendChild(el("dt", { text: label }));
      facts.appendChild(el("dd", {}, value));
    }
    fact("status", [badge(d.status), " ", d.reasons.map(chip)]);
    if (d.cluster !== null) fact("cluster", el("a", { route: clusterRoute(d.cluster), id: "doc-cluster-link", text: "cluster " + d.cluster }));
    if (d.duplicate_of !== null) {
      fact("duplicate of", dup ? el("a", { route: docRoute(dup), "class": "ident", text: d.duplicate_of }) : el("span", { "class": "ident", text: d.duplicate_of }));
    }
    if (d.similarity !== null) fact("similarity", score(d.similarity) + " (containment " + score(d.containment) + ")");
    fact("site", d.site ? el("a", { route: routeOf("documents", { site: d.site }), text: d.site }) : null);
    fact("url", d.url ? el("span", { "class": "ident", text: d.url }) : null);
    fact("source", d.source);
    fact("date", d.date);
    fact("byline", d.byline);
    fact("agency", d.agency);
    fact("dateline", d.dateline);
    fact("origin", d.origin ? el("span", { "class": "ident", text: d.origin }) : null);

    var byReason = {};
    d.removed.forEach(function (s) { byReason[s[2]] = (byReason[s[2]] || 0) + 1; });
    var textBox = el("div", { id: "doc-text" });
    var modeOriginal = el("button", { type: "button", "class": "on", text: "Original, removals struck" });
    var modeClean = el("button", { type: "button", text: "Cleaned text" });
    function show(original) {
      modeOriginal.classList.toggle("on", original);
      modeClean.classList.toggle("on", !original);
      clear(textBox);
      textBox.appendChild(original ? originalView(d) : el("div", { "class": "doc-text" }, el("div", { "class": "clean-text", text: cleanText(d) })));
    }
    modeOriginal.addEventListener("click", function () { show(true); });
    modeClean.addEventListener("click", function () { show(false); });

    app.appendChild(el("section", { "class": "card", id: "doc-view", "data-n": d.n },
      el("h1", { id: "doc-title", text: d.title || "(untitled)" }),
      el("div", { "class": "ident", id: "doc-id", text: d.id }),
      facts));
    app.appendChild(el("section", { "class": "card" },
      el("div", { "class": "toolbar" }, modeOriginal, modeClean,
        el("span", { "class": "found", text: d.removed_count ? num(d.removed_count) + " lines removed" : "nothing removed" }),
        Object.keys(byReason).map(function (r) {
          return el("span", { "class": "chip " + family(r), text: byReason[r] > 1 ? r + " ×" + byReason[r] : r });
        })),
      !d.has_original ? el("p", { "class": "notice", text: "The original text was not given to the report; this is the cleaned text." }) : null,
      d.truncated ? el("p", { "class": "notice", text: "This document is long: the report shows only its beginning." }) : null,
      textBox));
    show(true);
  }

  /* The original text line by line; removed parts struck through, each removed line labelled with
   * its reason code in the second column. */
  function originalView(d) {
    var text = d.original, spans = d.removed;
    var box = el("div", { "class": "doc-text" });
    if (!text) { box.appendChild(el("p", { "class": "empty", text: "(empty text)" })); return box; }
    var start = 0, lineNo = 1, first = 0;
    for (;;) {
      var nl = text.indexOf("\n", start);
      var end = nl === -1 ? text.length : nl;
      while (first < spans.length && spans[first][1] <= start) first++;
      var txt = el("span", { "class": "txt" }), reasons = [], pos = start, keptText = "";
      for (var i = first; i < spans.length && spans[i][0] < Math.max(end, start + 1); i++) {
        if (spans[i][1] <= start) continue; // an earlier, shorter span (spans may overlap)
        var s = Math.max(spans[i][0], pos), e = Math.min(spans[i][1], end);
        if (s > pos) { keptText += text.slice(pos, s); txt.appendChild(document.createTextNode(text.slice(pos, s))); }
        if (e > s) txt.appendChild(el("del", { "class": "cut", text: text.slice(s, e) }));
        if (reasons.indexOf(spans[i][2]) === -1) reasons.push(spans[i][2]);
        pos = Math.max(pos, e);
      }
      if (pos < end) { keptText += text.slice(pos, end); txt.appendChild(document.createTextNode(text.slice(pos, end))); }
      var removed = reasons.length > 0 && !keptText.trim();
      if (removed) { clear(txt); txt.textContent = text.slice(start, end); }
      box.appendChild(el("div", { "class": removed ? "line removed" : reasons.length ? "line partial" : "line", "data-reason": reasons.join(" ") || null },
        el("span", { "class": "ln", text: String(lineNo) }),
        el("span", { "class": "why" }, reasons.map(chip)),
        txt));
      if (nl === -1 || nl === text.length - 1) break; // no empty line after a final newline
      start = nl + 1; lineNo++;
    }
    return box;
  }

  /* ---------- start ---------- */

  renderHeader();
  window.addEventListener("hashchange", render);
  document.addEventListener("keydown", function (ev) {
    var box = document.querySelector("input[type=search]");
    if (ev.key === "/" && box && document.activeElement !== box) { ev.preventDefault(); box.focus(); }
  });
  render();
})();
