// What the panel and the desk page share: making elements, and calling the
// desk's API with this run's token. Both pages load it before their own
// script.
window.deskKit = (api, token) => ({
  el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v == null) continue;
      if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  },

  async call(what, body) {
    const opts = { headers: { "X-Desk-Token": token } };
    if (body !== undefined) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(api + what, opts);
    let data = null;
    try { data = await res.json(); } catch { data = { error: "the preview answered " + res.status }; }
    if (!res.ok) throw new Error((data && data.error) || ("the preview answered " + res.status));
    return data;
  },
});
