// The preview's Edit panel. Never part of the published site: the preview
// server adds it to the pages it sends, with this run's token.
(() => {
  "use strict";
  const me = document.currentScript;
  const base = me.dataset.base;
  const token = me.dataset.token;
  const desk = base + ".preview/desk/";
  const api = desk + "api/";
  const match = location.pathname.startsWith(base + "articles/") &&
    location.pathname.slice((base + "articles/").length).match(/^([^/]+)\/(?:index\.html)?$/);
  const name = match ? decodeURIComponent(match[1]) : null;

  const { el, call } = window.deskKit(api, token);

  function today() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
  }

  const bar = el("div", { id: "desk-bar", class: "desk-ui", role: "region", "aria-label": "Editing (preview only)" },
    el("a", { class: "desk-button", href: desk, text: "Desk" }));
  document.body.append(bar);
  if (!name || !document.querySelector("article")) return;

  const openButton = el("button", { type: "button", class: "desk-primary", "aria-haspopup": "dialog", text: "Edit" });
  bar.append(openButton);
  let dialog = null;
  openButton.addEventListener("click", async () => {
    if (dialog) dialog.remove();
    try {
      const [art, tags] = await Promise.all([call("article?name=" + encodeURIComponent(name)), call("tags")]);
      dialog = panel(art, tags);
      document.body.append(dialog);
      dialog.showModal();
    } catch (e) {
      alert("The article cannot be edited: " + e.message);
    }
  });

  // panel builds the dialog for the article art; tags are the taxonomy's.
  function panel(art, taxonomy) {
    const state = { tags: [...art.tags], exclude: [...art.exclude_tags] };
    const shown = [...document.querySelectorAll("article header .tags a")].map((a) => a.textContent.trim());
    const byWord = new Map();
    for (const t of taxonomy) {
      byWord.set(t.name.toLowerCase(), t.name);
      for (const w of t.words) if (!byWord.has(w.toLowerCase())) byWord.set(w.toLowerCase(), t.name);
    }
    const status = el("p", { id: "desk-status", role: "status", "aria-live": "polite" });
    const say = (msg, bad) => {
      status.textContent = msg.charAt(0).toUpperCase() + msg.slice(1); // errors come in lower case
      status.className = bad ? "desk-error" : "desk-ok";
      status.setAttribute("role", bad ? "alert" : "status");
    };

    const title = el("input", { id: "desk-title", name: "title", required: true, value: art.title, autocomplete: "off" });
    const date = el("input", { id: "desk-date", name: "date", type: "date", value: art.date });
    const provenance = {
      caption: "The date now comes from the photo caption; a date you set is labelled as the editor's.",
      editor: "The date was set by an editor.",
      "": art.date ? "The date has no stated source; a date you set is labelled as the editor's." : "The article has no date.",
    }[art.date_source || ""];
    const summary = el("textarea", { id: "desk-summary", name: "summary", rows: "3" });
    summary.value = art.summary;
    const draft = el("input", { id: "desk-draft", type: "checkbox", checked: art.draft });

    const chips = el("ul", { class: "desk-chips", "aria-label": "Tags of this article" });
    const renderTags = () => {
      chips.replaceChildren();
      const on = [...new Set([...shown, ...state.tags])].filter((t) => !state.exclude.includes(t));
      for (const t of on) {
        chips.append(el("li", {}, el("span", { text: t }),
          el("button", { type: "button", "aria-label": "Remove tag " + t, text: "×", onclick: () => {
            // An editor's tag is taken off the list; an automatic one is
            // excluded. (One that is both shows again after the reload.)
            if (state.tags.includes(t)) state.tags = state.tags.filter((x) => x !== t);
            else state.exclude.push(t);
            renderTags();
            newTag.focus();
          } })));
      }
      for (const t of state.exclude) {
        chips.append(el("li", { class: "desk-excluded" }, el("span", { text: t }),
          el("button", { type: "button", "aria-label": "Restore tag " + t, text: "Restore", onclick: () => {
            state.exclude = state.exclude.filter((x) => x !== t);
            renderTags();
            newTag.focus();
          } })));
      }
      if (!chips.children.length) chips.append(el("li", { text: "No tags" }));
    };
    const options = el("datalist", { id: "desk-tag-list" });
    for (const t of taxonomy) {
      options.append(el("option", { value: t.name }));
      for (const w of t.words) if (w !== t.name) options.append(el("option", { value: w, label: w + " → " + t.name }));
    }
    const newTag = el("input", { id: "desk-new-tag", list: "desk-tag-list", autocomplete: "off" });
    const addTag = () => {
      const typed = newTag.value.trim();
      if (!typed) return;
      const t = byWord.get(typed.toLowerCase()) || typed;
      state.exclude = state.exclude.filter((x) => x !== t);
      if (!state.tags.includes(t) && !shown.includes(t)) state.tags.push(t);
      newTag.value = "";
      renderTags();
    };
    newTag.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addTag(); } });
    renderTags();

    const reviewed = el("input", { id: "desk-reviewed", type: "checkbox" });
    const noteBy = el("input", { id: "desk-note-by", autocomplete: "name", value: localStorage.getItem("desk.editor") || "" });
    const noteDate = el("input", { id: "desk-note-date", type: "date", value: today() });
    const noteText = el("textarea", { id: "desk-note-text", rows: "4" });
    const preview = el("div", { class: "desk-preview", id: "desk-note-preview", hidden: true, "aria-live": "polite" });

    const form = el("form", { id: "desk-form", novalidate: true },
      el("label", { for: "desk-title", text: "Title" }), title,
      el("label", { for: "desk-date", text: "Date" }),
      el("div", { class: "desk-row" }, date,
        el("button", { type: "button", text: "Clear date", onclick: () => { date.value = ""; date.focus(); } })),
      el("p", { class: "desk-hint", id: "desk-date-hint", text: provenance }),
      el("label", { for: "desk-summary", text: "Summary" }), summary,
      el("fieldset", {}, el("legend", { text: "Tags" }), chips,
        el("label", { for: "desk-new-tag", text: "Add a tag" }),
        el("div", { class: "desk-row" }, newTag, el("button", { type: "button", text: "Add", onclick: addTag })),
        el("p", { class: "desk-hint", text: "Names and words from the taxonomy are offered as you type." }), options),
      el("label", { class: "desk-check" }, draft, "Hidden: a draft, not published"),
      art.review ? el("fieldset", {}, el("legend", { text: "To review" }),
        el("p", { text: art.review }),
        el("label", { class: "desk-check" }, reviewed, "Mark reviewed")) : null,
      el("fieldset", {}, el("legend", { text: "Add a note" }),
        el("label", { for: "desk-note-by", text: "Your name" }), noteBy,
        el("label", { for: "desk-note-date", text: "Date" }), noteDate,
        el("label", { for: "desk-note-text", text: "Note (Markdown)" }), noteText,
        el("div", { class: "desk-row" }, el("button", { type: "button", text: "Preview note", onclick: async () => {
          try {
            const out = await call("markdown", { text: noteText.value });
            preview.innerHTML = out.html; // the site's own renderer: raw HTML is shown as text
            preview.hidden = false;
          } catch (e) { say(e.message, true); }
        } })), preview),
      el("div", { class: "desk-actions" }, status,
        el("button", { type: "submit", class: "desk-primary", text: "Save" }),
        el("button", { type: "button", text: "Cancel", onclick: () => dialog.close() })));

    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const edit = { name: art.name, rev: art.rev };
      const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
      if (title.value.trim() !== art.title) edit.title = title.value;
      if (date.value !== art.date) edit.date = date.value;
      if (summary.value.trim() !== art.summary.trim()) edit.summary = summary.value;
      if (draft.checked !== art.draft) edit.draft = draft.checked;
      if (!same(state.tags, art.tags)) edit.tags = state.tags;
      if (!same(state.exclude, art.exclude_tags)) edit.exclude_tags = state.exclude;
      if (reviewed.checked) edit.reviewed = true;
      if (noteText.value.trim()) {
        if (!noteBy.value.trim()) { say("Give your name for the note.", true); noteBy.focus(); return; }
        edit.note = { by: noteBy.value, date: noteDate.value, text: noteText.value };
      }
      if (Object.keys(edit).length === 2) { say("Nothing has changed.", false); return; }
      if (noteBy.value.trim()) localStorage.setItem("desk.editor", noteBy.value.trim());
      say("Saving…", false);
      try {
        const out = await call("save", edit);
        art.rev = out.rev;
        Object.assign(art, { title: title.value.trim(), date: date.value, summary: summary.value.trim(), draft: draft.checked,
          tags: [...state.tags], exclude_tags: [...state.exclude] });
        noteText.value = "";
        preview.hidden = true;
        say("Saved. The page reloads when the site has been rebuilt.", false);
      } catch (err) {
        say(err.message, true);
      }
    });

    return el("dialog", { id: "desk-dialog", class: "desk-ui", "aria-labelledby": "desk-dialog-title" },
      el("div", { class: "desk-head" }, el("h2", { id: "desk-dialog-title", text: "Edit this article" }),
        el("button", { type: "button", "aria-label": "Close the panel", text: "Close", onclick: () => dialog.close() })),
      el("p", { class: "desk-hint", text: "Saved to " + art.file + "; only the fields you change are written." }),
      form);
  }
})();
