// The API reference, drawn from /openapi.json (offline: no Swagger UI from a CDN,
// no inline script, everything inserted as text).
"use strict";

function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const kid of kids.flat(Infinity)) {
    if (kid === null || kid === undefined) continue;
    node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return node;
}

function schemaText(s) {
  if (!s) return "";
  if (s.anyOf) return s.anyOf.map(schemaText).filter((x) => x !== "null").join(" | ");
  if (s.enum) return s.enum.map((x) => JSON.stringify(x)).join(" | ");
  let t = s.type || (s.$ref ? s.$ref.split("/").pop() : "object");
  if (s.pattern) t += " ~ " + s.pattern;
  if (s.minimum !== undefined) t += " ≥ " + s.minimum;
  if (s.maximum !== undefined) t += " ≤ " + s.maximum;
  return t;
}

async function main() {
  const view = document.getElementById("view");
  const spec = await (await fetch("/openapi.json")).json();
  view.append(el("h1", {}, spec.info.title + " " + spec.info.version), el("p", {}, spec.info.description || ""));
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters || []).map((p) => el("tr", {},
        el("td", {}, el("code", {}, p.name)), el("td", {}, p.in), el("td", {}, schemaText(p.schema)),
        el("td", {}, p.required ? "required" : (p.schema && p.schema.default !== undefined ? "default " + JSON.stringify(p.schema.default) : "")),
        el("td", {}, p.description || "")));
      const body = op.requestBody ? el("pre", {}, JSON.stringify(op.requestBody.content["application/json"].schema, null, 2)) : null;
      view.append(el("section", { class: "card", id: method + path },
        el("h2", {}, el("code", {}, method.toUpperCase() + " " + path)),
        el("p", {}, op.summary || ""), el("p", { class: "meta" }, op.description || ""),
        params.length ? el("table", {}, el("thead", {}, el("tr", {}, ["name", "in", "type", "", "description"].map((h) => el("th", {}, h)))),
          el("tbody", {}, params)) : null,
        body));
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  main().catch((err) => document.getElementById("view").append(el("p", { class: "card error" }, String(err))));
});
