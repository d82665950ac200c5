// Marsad web page: hash routes over the JSON API. Everything that comes from
// an article is put into the page as text (createElement / text nodes); this
// file never assigns HTML strings.
"use strict";

const TYPES = {
  AGREE: "اتفاق", CONSULT: "تشاور", SUPPORT: "دعم", CONCEDE: "تنازل", COOPERATE: "تعاون",
  AID: "مساعدة", RETREAT: "انسحاب", REQUEST: "طلب", ACCUSE: "اتهام", REJECT: "رفض",
  THREATEN: "تهديد", PROTEST: "احتجاج", SANCTION: "عقوبات", MOBILIZE: "تعبئة",
  COERCE: "إكراه", ASSAULT: "اعتداء",
};
const STATUS = { reported: "وقع", future: "مرتقب", hypothetical: "مشروط", negated: "منفي" };
const ENT_TYPES = { PERSON: "شخص", ORG: "منظمة", LOC: "مكان", MISC: "أخرى" };
const SVG_NS = "http://www.w3.org/2000/svg";
const PAGE = 20;

// --- DOM helpers ---------------------------------------------------------------

function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else node.setAttribute(k, String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined || kid === false) continue;
    node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  return node;
}

function route(...parts) {
  return "#/" + parts.map((p) => encodeURIComponent(p)).join("/");
}

function link(href, ...kids) { return el("a", { href }, ...kids); }

function view() { return document.getElementById("view"); }

function show(...nodes) {
  const v = view();
  v.replaceChildren(...nodes);
  window.scrollTo(0, 0);
}

function meta(...items) {
  return el("div", { class: "meta" }, items.filter(Boolean).map((x) => el("span", {}, x)));
}

function chips(values, cls) {
  if (!values || !values.length) return el("p", { class: "empty", text: "—" });
  return el("ul", { class: "chips" }, values.map((v) => el("li", { class: "chip " + (cls || "") }, v)));
}

function errorCard(message) {
  return el("div", { class: "card error", role: "alert" }, message);
}

// --- the API -------------------------------------------------------------------------

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : res.statusText;
    throw new Error(msg + " (" + res.status + ")");
  }
  return body;
}

// --- names -------------------------------------------------------------------------

function nameOf(id, names) {
  const n = (names || {})[id];
  const ar = n && n.name_ar ? n.name_ar : id.replace(/^ar:/, "");
  const kids = [ar];
  if (n && n.name_en) kids.push(" ", el("span", { class: "en", lang: "en", dir: "ltr" }, n.name_en));
  return link(route("entity", id), ...kids);
}

function people(ids, names) {
  const out = [];
  (ids || []).forEach((id, i) => {
    if (i) out.push("، ");
    out.push(nameOf(id, names));
  });
  return out.length ? out : ["—"];
}

function typeLabel(type) {
  return el("span", { class: "evtype" }, TYPES[type] || type, " ",
    el("span", { class: "en", lang: "en", dir: "ltr" }, type));
}

function statusLabel(status) {
  return el("span", { class: "status status-" + status }, STATUS[status] || status);
}

function eventLine(ev, names) {
  const kids = [typeLabel(ev.type), " "];
  if (ev.mode) kids.push(el("span", { class: "meta" }, "(" + ev.mode + ") "));
  kids.push(...people(ev.actor, names));
  if (ev.recipient && ev.recipient.length) {
    kids.push(el("span", { class: "arrow" }, "←"), ...people(ev.recipient, names));
  }
  if (ev.location) kids.push(" — ", "في ", nameOf(ev.location, names));
  kids.push(" ", statusLabel(ev.status));
  return el("div", {}, kids);
}

// --- text with highlighted spans ----------------------------------------------------------

// spans: [{start, end, rank, make: () => Element}]; nested where they nest, split where they cross.
function annotate(text, spans) {
  const order = (a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank;
  const build = (parent, from, to, list) => {
    let pos = from;
    let rest = list.slice().sort(order);
    while (rest.length) {
      const s = rest.shift();
      const start = Math.max(s.start, pos);
      const end = Math.min(s.end, to);
      if (end <= start) continue;
      if (start > pos) parent.append(document.createTextNode(text.slice(pos, start)));
      const inner = [];
      while (rest.length && rest[0].start < end) inner.push(rest.shift());
      const node = s.make();
      build(node, start, end, inner.map((x) => ({ ...x, start: Math.max(x.start, start) })));
      parent.append(node);
      const carry = inner.filter((x) => x.end > end).map((x) => ({ ...x, start: end }));
      rest = carry.concat(rest).sort(order);
      pos = end;
    }
    if (pos < to) parent.append(document.createTextNode(text.slice(pos, to)));
  };
  const root = el("div", { class: "article", lang: "ar" });
  build(root, 0, text.length, spans.filter((s) => s.end > s.start && s.start >= 0 && s.end <= text.length));
  return root;
}

function flash(id) {
  const node = document.getElementById(id);
  if (!node) return;
  node.scrollIntoView({ block: "center" });
  document.querySelectorAll("mark.flash").forEach((m) => m.classList.remove("flash"));
  node.classList.add("flash");
}

// --- views -------------------------------------------------------------------------------

function docItem(d, extra) {
  return el("li", { class: "card result" },
    el("div", {}, link(route("doc", d.id), d.title || d.source || d.id)),
    meta(d.outlet, d.published, d.story ? link(route("story", d.story), "القصة") : null),
    extra || (d.snippet ? el("p", { class: "snippet" }, d.snippet.slice(0, 200) + "…") : null));
}

function pager(base, params, data) {
  const nav = el("div", { class: "pager" });
  const go = (offset) => {
    const q = new URLSearchParams({ ...params, offset: String(offset) });
    return "#/" + base + "?" + q.toString();
  };
  if (data.offset > 0) nav.append(link(go(Math.max(0, data.offset - data.limit)), "السابق"));
  nav.append(el("span", { class: "meta" }, (data.offset + 1) + "–" + (data.offset + data.items.length) + " / " + data.total));
  if (data.offset + data.limit < data.total) nav.append(link(go(data.offset + data.limit), "التالي"));
  return nav;
}

async function homeView() {
  const [docs, stories] = await Promise.all([
    api("/api/documents", { limit: PAGE }), api("/api/stories", { limit: 10 }),
  ]);
  show(
    el("h1", {}, "أحدث الأخبار"),
    docs.items.length ? el("ul", { class: "list" }, docs.items.map((d) => docItem(d)))
      : el("p", { class: "empty", text: "لا وثائق بعد." }),
    el("h2", {}, "القصص"),
    storyList(stories.items),
  );
}

async function searchView(params) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  document.getElementById("q").value = q;
  if (!q.trim()) return show(el("h1", {}, "بحث"), el("p", { class: "empty", text: "اكتب كلمة للبحث." }));
  const data = await api("/api/search", { q, limit: PAGE, offset });
  const items = data.items.map((d) => {
    let snip = el("p", { class: "snippet" }, d.snippet);
    if (d.hit) {
      const [a, b] = d.hit;
      snip = el("p", { class: "snippet" }, d.snippet.slice(0, a), el("mark", {}, d.snippet.slice(a, b)), d.snippet.slice(b));
    }
    return docItem(d, snip);
  });
  show(
    el("h1", {}, "نتائج البحث: ", el("bdi", {}, q)),
    el("p", { class: "meta", id: "result-count" }, data.total + " نتيجة"),
    items.length ? el("ul", { class: "list", id: "results" }, items) : el("p", { class: "empty", text: "لا نتائج." }),
    pager("search", { q }, data),
  );
}

function storyList(items) {
  if (!items.length) return el("p", { class: "empty", text: "لا قصص بعد." });
  return el("ul", { class: "list" }, items.map((s) => el("li", { class: "card" },
    el("div", {}, link(route("story", s.story), s.titles[0] || s.story)),
    meta(s.reports + " تقارير", s.outlets.join("، "), (s.first_seen || "?") + " ← " + (s.last_seen || "?")))));
}

async function storiesView(params) {
  const offset = Number(params.get("offset") || 0);
  const data = await api("/api/stories", { limit: PAGE, offset });
  show(el("h1", {}, "القصص"), storyList(data.items), pager("stories", {}, data));
}

async function storyView(id) {
  const s = await api("/api/stories/" + encodeURIComponent(id));
  const title = (s.reports.find((r) => r.title) || {}).title || s.story;
  show(
    el("h1", {}, title),
    meta("أول ظهور: " + (s.first_seen || "?"), "آخر ظهور: " + (s.last_seen || "?"), s.reports.length + " تقارير"),
    el("h2", {}, "المنافذ"), chips(s.outlets),
    el("h2", {}, "الوكالات المستشهد بها"), chips(s.cites),
    el("h2", {}, "التقارير"),
    el("ul", { class: "list", id: "story-reports" }, s.reports.map((r) => el("li", { class: "card" },
      link(route("doc", r.id), r.title || r.source), meta(r.outlet, r.published, r.source)))),
    el("h2", {}, "الأحداث"),
    el("ul", { class: "list" }, s.happenings.map((h) => el("li", { class: "card" },
      eventLine(h, s.names), meta(h.date, h.reports.length + " تقارير"),
      el("ul", { class: "list" }, h.reports.map((r) => el("li", {},
        link(route("doc", r.doc_id) + "?ev=" + r.idx, r.outlet || r.doc_id), ": ",
        el("q", {}, r.evidence.text))))))),
  );
}

async function docView(id, params) {
  const d = await api("/api/documents/" + encodeURIComponent(id));
  const names = {};
  for (const e of d.entities) names[e.id] = e;
  const spans = [];
  d.events.forEach((ev, i) => spans.push({
    start: ev.evidence.start, end: ev.evidence.end, rank: 0,
    make: () => el("mark", { class: "evidence", id: "ev-" + i, "data-event": i, title: ev.type }),
  }));
  d.quotes.forEach((q, i) => spans.push({
    start: q.start, end: q.end, rank: 1,
    make: () => el("span", { class: "quote", id: "quote-" + i, "data-quote": i }),
  }));
  for (const e of d.entities) for (const m of e.mentions) spans.push({
    start: m.start, end: m.end, rank: 2,
    make: () => el("span", { class: "ent ent-" + e.type, "data-entity": e.id, title: e.name_en || e.name_ar }),
  });
  const side = el("aside", { class: "side" },
    el("h2", {}, "الأحداث"),
    d.events.length ? el("ul", { class: "list", id: "doc-events" }, d.events.map((ev, i) => el("li", { class: "card" },
      eventLine(ev, names), meta(ev.date, ev.topics.join("، ")),
      el("button", { type: "button", on: { click: () => flash("ev-" + i) } }, "الدليل")))) : el("p", { class: "empty", text: "—" }),
    el("h2", {}, "الكيانات"),
    el("ul", { class: "chips" }, d.entities.map((e) => el("li", { class: "chip ent-" + e.type },
      nameOf(e.id, names), e.roles.length ? el("span", { class: "meta" }, " — " + e.roles.join("، ")) : null))),
    el("h2", {}, "الاقتباسات"),
    d.quotes.length ? el("ul", { class: "list" }, d.quotes.map((q) => el("li", { class: "card" },
      nameOf(q.speaker, names), " ", el("span", { class: "meta" }, q.cue), ": ", el("q", {}, q.text)))) : el("p", { class: "empty", text: "—" }),
  );
  show(
    el("h1", { id: "doc-title" }, d.title || d.source.name),
    meta(d.source.outlet, d.published, d.author, d.story ? link(route("story", d.story), "القصة") : null,
      d.cites.length ? "نقلًا عن " + d.cites.join("، ") : null),
    el("div", { class: "legend" }, el("span", { class: "evidence" }, "دليل حدث"), el("span", { class: "quote" }, "اقتباس"),
      el("span", { class: "ent-PERSON" }, "شخص"), el("span", { class: "ent-ORG" }, "منظمة"), el("span", { class: "ent-LOC" }, "مكان")),
    el("div", { class: "doc-grid" }, el("section", { class: "card" }, annotate(d.text, spans)), side),
  );
  if (params.get("ev")) flash("ev-" + params.get("ev"));
}

async function entityView(id) {
  const e = await api("/api/entities/" + encodeURIComponent(id));
  show(
    el("h1", {}, e.name_ar || e.id, " ", e.name_en ? el("span", { class: "en", lang: "en", dir: "ltr" }, e.name_en) : null),
    meta(ENT_TYPES[e.type] || e.type, e.country, e.documents + " وثائق"),
    el("h2", {}, "الأدوار عبر الزمن"),
    e.roles.length ? el("table", { id: "roles" },
      el("thead", {}, el("tr", {}, el("th", {}, "الدور"), el("th", {}, "من"), el("th", {}, "إلى"), el("th", {}, "وثائق"))),
      el("tbody", {}, e.roles.map((r) => el("tr", {}, el("td", {}, r.role), el("td", {}, r.first || "?"),
        el("td", {}, r.last || "?"), el("td", {}, String(r.documents))))))
      : el("p", { class: "empty", text: "—" }),
    el("h2", {}, "الأحداث"),
    e.events.items.length ? el("ul", { class: "list" }, e.events.items.map((ev) => el("li", { class: "card" },
      eventLine(ev, e.events.names), meta(ev.when, ev.document.outlet,
        link(route("doc", ev.doc_id) + "?ev=" + ev.idx, ev.document.title || "الوثيقة")))))
      : el("p", { class: "empty", text: "—" }),
    el("h2", {}, "الظهور في الوثائق"),
    el("ul", { class: "list" }, e.timeline.map((t) => el("li", {},
      link(route("doc", t.doc_id), t.title || t.doc_id), meta(t.published, t.outlet, t.roles.join("، "))))),
  );
}

async function entitiesView(params) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const data = await api("/api/entities", { q, limit: 50, offset });
  const input = el("input", { type: "search", name: "q", value: q, "aria-label": "اسم" });
  const form = el("form", { class: "filters", on: { submit: (ev) => {
    ev.preventDefault();
    window.location.hash = "#/entities?" + new URLSearchParams({ q: input.value }).toString();
  } } }, input, el("button", { type: "submit" }, "تصفية"));
  show(el("h1", {}, "الكيانات"), form,
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "الاسم"), el("th", {}, "النوع"), el("th", {}, "البلد"),
      el("th", {}, "وثائق"), el("th", {}, "أحداث"))),
      el("tbody", {}, data.items.map((x) => el("tr", {}, el("td", {}, nameOf(x.id, { [x.id]: x })),
        el("td", {}, ENT_TYPES[x.type] || x.type), el("td", {}, x.country || ""), el("td", {}, String(x.documents)),
        el("td", {}, String(x.events)))))),
    pager("entities", { q }, data));
}

async function timelineView(params) {
  const filters = { type: params.get("type") || "", date_from: params.get("from") || "", date_to: params.get("to") || "" };
  const data = await api("/api/events", { ...filters, sort: "date", limit: 200 });
  const groups = new Map();
  for (const ev of data.items) {
    if (!groups.has(ev.happening)) groups.set(ev.happening, []);
    groups.get(ev.happening).push(ev);
  }
  const days = new Map();
  for (const evs of groups.values()) {
    const when = evs.map((x) => x.when).filter(Boolean).sort()[0] || "?";
    if (!days.has(when)) days.set(when, []);
    days.get(when).push(evs);
  }
  const select = el("select", { name: "type", "aria-label": "النوع" }, el("option", { value: "" }, "كل الأنواع"),
    Object.keys(TYPES).map((k) => el("option", { value: k, selected: k === filters.type ? "selected" : null }, TYPES[k] + " " + k)));
  const from = el("input", { type: "text", name: "from", placeholder: "من YYYY-MM-DD", value: filters.date_from, size: 12 });
  const to = el("input", { type: "text", name: "to", placeholder: "إلى YYYY-MM-DD", value: filters.date_to, size: 12 });
  const form = el("form", { class: "filters", on: { submit: (ev) => {
    ev.preventDefault();
    window.location.hash = "#/timeline?" + new URLSearchParams({ type: select.value, from: from.value, to: to.value }).toString();
  } } }, select, from, to, el("button", { type: "submit" }, "تصفية"));
  const tl = el("div", { class: "timeline", id: "timeline" });
  for (const [when, happenings] of days) {
    tl.append(el("section", { class: "day" }, el("h3", {}, when), happenings.map((evs) => el("div", { class: "card" },
      eventLine(evs[0], data.names),
      meta(evs.length + " تقارير", [...new Set(evs.map((x) => x.document.outlet).filter(Boolean))].join("، ")),
      el("div", {}, evs.map((x, i) => [i ? " · " : "", link(route("doc", x.doc_id) + "?ev=" + x.idx, x.document.outlet || "الوثيقة")]))))));
  }
  show(el("h1", {}, "الخط الزمني للأحداث"), form,
    el("p", { class: "meta" }, groups.size + " أحداث من " + data.total + " تقارير"),
    days.size ? tl : el("p", { class: "empty", text: "لا أحداث." }));
}

// --- the actor network: a small force layout drawn in SVG ----------------------------------

// Repulsion between every pair, springs along edges, a pull to the centre that
// keeps separate components on the canvas (tuned by eye on the demo corpus).
const REPEL = 0.01, GRAVITY = 0.02;

function layout(nodes, edges, width, height) {
  const pos = nodes.map((_, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, nodes.length);
    return { x: width / 2 + (width / 3) * Math.cos(a), y: height / 2 + (height / 3) * Math.sin(a), vx: 0, vy: 0 };
  });
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((width * height) / Math.max(1, nodes.length)) * 0.5;
  for (let step = 0; step < 300; step++) {
    const temp = 1 - step / 300;
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
        const d2 = Math.max(dx * dx + dy * dy, 1);
        const f = (k * k) / d2;
        pos[i].vx += dx * f * REPEL; pos[i].vy += dy * f * REPEL;
        pos[j].vx -= dx * f * REPEL; pos[j].vy -= dy * f * REPEL;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[b].x - pos[a].x, dy = pos[b].y - pos[a].y;
      const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = ((d - k) / d) * 0.05;
      pos[a].vx += dx * f; pos[a].vy += dy * f; pos[b].vx -= dx * f; pos[b].vy -= dy * f;
    }
    for (const p of pos) {
      p.vx += (width / 2 - p.x) * GRAVITY; p.vy += (height / 2 - p.y) * GRAVITY;
      const v = Math.sqrt(p.vx * p.vx + p.vy * p.vy), cap = 20 * temp + 1;
      if (v > cap) { p.vx *= cap / v; p.vy *= cap / v; }
      p.x = Math.min(width - 80, Math.max(80, p.x + p.vx)); p.y = Math.min(height - 30, Math.max(30, p.y + p.vy));
      p.vx *= 0.6; p.vy *= 0.6;
    }
  }
  return { pos, links };
}

async function graphView() {
  const g = await api("/api/graph", { limit_nodes: 150 });
  const width = 960, height = 640;
  const { pos, links } = layout(g.nodes, g.edges, width, height);
  const weight = new Map();
  g.edges.forEach((e) => { weight.set(e.source, (weight.get(e.source) || 0) + e.weight); weight.set(e.target, (weight.get(e.target) || 0) + e.weight); });
  const root = svg("svg", { viewBox: "0 0 " + width + " " + height, role: "img", "aria-label": "شبكة الفاعلين", id: "graph" });
  links.forEach(([a, b], i) => root.append(svg("line", { x1: pos[a].x, y1: pos[a].y, x2: pos[b].x, y2: pos[b].y,
    "stroke-width": Math.min(6, 1 + g.edges[i].weight) })));
  g.nodes.forEach((n, i) => {
    const r = Math.min(16, 5 + 2 * Math.sqrt(weight.get(n.id) || 1));
    const c = svg("circle", { cx: pos[i].x, cy: pos[i].y, r, class: "node-" + n.type, "data-id": n.id });
    const title = svg("title", {});
    title.textContent = n.name_ar + (n.name_en ? " — " + n.name_en : "");
    c.append(title);
    c.addEventListener("click", () => { window.location.hash = route("entity", n.id); });
    const label = svg("text", { x: pos[i].x, y: pos[i].y - r - 3, "text-anchor": "middle" });
    label.textContent = n.name_ar;
    root.append(c, label);
  });
  show(el("h1", {}, "شبكة الفاعلين"),
    el("p", { class: "meta" }, g.nodes.length + " فاعلين، " + g.edges.length + " روابط (السُّمك: عدد الأحداث)"),
    g.nodes.length ? el("div", { class: "graph-box" }, root) : el("p", { class: "empty", text: "لا أحداث بعد." }));
}

// --- the router -------------------------------------------------------------------------------

const ROUTES = {
  "": homeView, search: searchView, stories: storiesView, timeline: timelineView,
  graph: graphView, entities: entitiesView,
  story: (p, id) => storyView(id), doc: (p, id) => docView(id, p), entity: (p, id) => entityView(id),
};

async function render() {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?", 2);
  const parts = path.split("/").map((x) => decodeURIComponent(x));
  const handler = ROUTES[parts[0]] || null;
  const params = new URLSearchParams(query || "");
  document.body.dataset.route = parts[0] || "home";
  document.body.dataset.loading = "1";
  try {
    if (!handler) show(errorCard("صفحة غير موجودة"));
    else await handler(params, parts.slice(1).join("/"));
  } catch (err) {
    show(errorCard("خطأ: " + err.message));
  } finally {
    delete document.body.dataset.loading;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("q").value.trim();
    window.location.hash = "#/search?" + new URLSearchParams({ q }).toString();
  });
  window.addEventListener("hashchange", render);
  render();
});
