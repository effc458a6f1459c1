// The desk page of the preview: lists of what needs an editor, one page
// at a time, each row with the action that resolves it.
(() => {
  "use strict";
  const me = document.currentScript;
  const base = me.dataset.base;
  const token = me.dataset.token;
  const api = base + ".preview/desk/api/";
  const params = new URLSearchParams(location.search);
  const view = { show: params.get("show") || "undated", q: params.get("q") || "", page: Number(params.get("page")) || 1 };
  const list = document.getElementById("desk-list");
  const status = document.getElementById("desk-status");
  const q = document.getElementById("desk-q");
  q.value = view.q;

  const { el, call } = window.deskKit(api, token);

  function say(msg, bad) {
    status.textContent = msg.charAt(0).toUpperCase() + msg.slice(1); // errors come in lower case
    status.className = bad ? "desk-error" : "desk-ok";
    status.setAttribute("role", bad ? "alert" : "status");
  }

  // save edits one article: it asks for the file's revision first, so a
  // change on disk since is refused, not overwritten.
  async function save(name, fields, done) {
    try {
      const art = await call("article?name=" + encodeURIComponent(name));
      await call("save", Object.assign({ name, rev: art.rev }, fields));
      await load(false); // the lists and counts first, so the message comes with them
      say(done.replace("%s", art.title), false);
    } catch (e) {
      say(e.message, true);
    }
  }

  // resolve makes one quick action of the review list on an article, on
  // the revision it has now, as save does.
  async function resolve(name, fields, done) {
    try {
      const art = await call("article?name=" + encodeURIComponent(name));
      await call("resolve", Object.assign({ name, rev: art.rev }, fields));
      await load(false);
      say(done.replace("%s", art.title), false);
    } catch (e) {
      say(e.message, true);
    }
  }

  const articleURL = (name) => base + "articles/" + encodeURIComponent(name) + "/";

  function row(r) {
    const id = "desk-" + view.show + "-" + r.name;
    const li = el("li", {}, el("h2", {}, el("a", { href: articleURL(r.name), text: r.title })));
    if (view.show === "undated") {
      const input = el("input", { type: "date", id: id + "-date" });
      li.append(el("label", { for: id + "-date", text: "Date of “" + r.title + "”" }),
        el("div", { class: "desk-row" }, input, el("button", { type: "button", class: "desk-primary", text: "Set date", onclick: () => {
          if (!input.value) { say("Choose a date first.", true); input.focus(); return; }
          save(r.name, { date: input.value }, "Dated “%s”.");
        } })));
    }
    if (view.show === "review") {
      const title = el("input", { id: id + "-title", value: r.title });
      if (r.review) li.append(el("p", { class: "desk-hint", text: "Why: " + r.review }));
      if (r.incoming) {
        li.append(el("p", { class: "desk-hint", text: "A new copy waits: " + r.incoming }),
          el("div", { class: "desk-row" }, el("button", { type: "button", class: "desk-primary", text: "Accept the longer text",
            "aria-label": "Accept the longer text for “" + r.title + "”",
            onclick: () => resolve(r.name, { action: "accept" }, "“%s” has the new copy's text.") })));
      }
      for (const other of r.copies || []) {
        li.append(el("p", { class: "desk-hint" }, "Possibly a copy of ", el("a", { href: articleURL(other), text: other + ".md" }), ":"),
          el("div", { class: "desk-row", role: "group", "aria-label": "Is “" + r.title + "” a copy of " + other + ".md?" },
            el("button", { type: "button", text: "Keep this, hide the other", "aria-label": "Keep this, hide the other (" + other + ".md)",
              onclick: () => resolve(r.name, { action: "keep", other }, "Kept “%s”; " + other + ".md is hidden.") }),
            el("button", { type: "button", text: "Keep the other, hide this", "aria-label": "Keep the other, hide this (keep " + other + ".md)",
              onclick: () => resolve(r.name, { action: "keep-other", other }, "Kept " + other + ".md; “%s” is hidden.") }),
            el("button", { type: "button", text: "Not a duplicate",
              onclick: () => resolve(r.name, { action: "distinct", other }, "“%s” and " + other + ".md are different stories.") })));
      }
      li.append(el("label", { for: id + "-title", text: "Title" }),
        el("div", { class: "desk-row" }, title,
          el("button", { type: "button", text: "Save title", onclick: () => save(r.name, { title: title.value }, "Renamed to “%s”.") })),
        // Only a review line is cleared by this; a waiting copy is
        // accepted above, or deleted in the file manager.
        r.review ? el("div", { class: "desk-row" },
          el("button", { type: "button", class: "desk-primary", text: "Mark reviewed", onclick: () => save(r.name, { reviewed: true }, "Reviewed “%s”.") }),
          r.draft ? el("button", { type: "button", text: "Mark reviewed and publish",
            onclick: () => save(r.name, { reviewed: true, draft: false }, "Reviewed and published “%s”.") }) : null) : null);
    }
    if (view.show === "drafts") {
      li.append(el("p", { class: "desk-hint", text: "Hidden from the site: a draft." }),
        el("button", { type: "button", class: "desk-primary", text: "Publish", "aria-label": "Publish “" + r.title + "”",
          onclick: () => save(r.name, { draft: false }, "Published “%s”.") }));
    }
    if (view.show === "errors") {
      li.append(el("p", { class: "desk-error", text: r.error }));
    }
    return li;
  }

  function noteRow(n) {
    const text = n.text.length > 400 ? n.text.slice(0, 400) + " …" : n.text;
    return el("li", {}, el("h2", {}, el("a", { href: articleURL(n.name) + "#editor-notes", text: n.title })),
      el("p", { class: "desk-hint", text: (n.by || "") + (n.date ? " · " + n.date : "") }),
      el("p", { class: "desk-note", text }));
  }

  async function load(push) {
    let out;
    try {
      out = await call(`list?show=${encodeURIComponent(view.show)}&q=${encodeURIComponent(view.q)}&page=${view.page}`);
    } catch (e) {
      say(e.message, true);
      return;
    }
    view.page = out.page;
    if (view.page > out.pages) { view.page = out.pages; return load(push); }
    for (const b of document.querySelectorAll("[data-show]")) {
      b.setAttribute("aria-pressed", String(b.dataset.show === view.show));
      b.querySelector(".desk-count").textContent = "(" + (out.counts[b.dataset.show] || 0) + ")";
    }
    list.replaceChildren(...(view.show === "notes" ? (out.notes || []).map(noteRow) : (out.rows || []).map(row)));
    if (!list.children.length) list.append(el("li", { text: view.q ? "Nothing matches the filter." : "Nothing here: all done." }));
    document.getElementById("desk-list-title").textContent = document.querySelector(`[data-show="${view.show}"]`).firstChild.textContent.trim();
    document.getElementById("desk-page").textContent = `Page ${out.page} of ${out.pages} · ${out.total} in all`;
    document.getElementById("desk-prev").disabled = out.page <= 1;
    document.getElementById("desk-next").disabled = out.page >= out.pages;
    if (push) {
      const u = new URLSearchParams({ show: view.show, page: String(view.page) });
      if (view.q) u.set("q", view.q);
      history.pushState(null, "", "?" + u);
    }
  }

  for (const b of document.querySelectorAll("[data-show]")) {
    b.addEventListener("click", () => { view.show = b.dataset.show; view.page = 1; say("", false); load(true); });
  }
  document.getElementById("desk-filter").addEventListener("submit", (e) => {
    e.preventDefault();
    view.q = q.value.trim();
    view.page = 1;
    load(true);
  });
  document.getElementById("desk-prev").addEventListener("click", () => { view.page--; load(true); });
  document.getElementById("desk-next").addEventListener("click", () => { view.page++; load(true); });
  addEventListener("popstate", () => {
    const p = new URLSearchParams(location.search);
    Object.assign(view, { show: p.get("show") || "undated", q: p.get("q") || "", page: Number(p.get("page")) || 1 });
    q.value = view.q;
    load(false);
  });
  load(false);
})();
