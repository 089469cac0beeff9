// SPARQL editor: a textarea under a highlighted <pre>, results as a table. No libraries.
(function () {
  const editor = document.getElementById("editor");
  const hl = document.getElementById("highlight");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const KW = /^(SELECT|ASK|CONSTRUCT|DESCRIBE|WHERE|FILTER|OPTIONAL|UNION|MINUS|GRAPH|SERVICE|BIND|VALUES|PREFIX|BASE|ORDER|BY|GROUP|HAVING|LIMIT|OFFSET|DISTINCT|REDUCED|AS|FROM|NAMED|NOT|EXISTS|IN|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|ASC|DESC|LANG|STR|STRSTARTS|CONTAINS|REGEX|IF|COALESCE|BOUND|true|false|a)$/i;
  const TOKEN = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"\s]*>)|([?$][\w]+)|([A-Za-z_][\w.-]*:[\w.%-]*)|([A-Za-z_]+)|([\s\S])/g;
  const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  function paint() {
    let out = "";
    editor.value.replace(TOKEN, (m, cm, str, iri, v, pn, word, other) => {
      if (cm) out += `<span class="cm">${esc(cm)}</span>`;
      else if (str) out += `<span class="str">${esc(str)}</span>`;
      else if (iri) out += `<span class="iri">${esc(iri)}</span>`;
      else if (v) out += `<span class="var">${esc(v)}</span>`;
      else if (pn) out += `<span class="pn">${esc(pn)}</span>`;
      else if (word) out += KW.test(word) ? `<span class="kw">${esc(word)}</span>` : esc(word);
      else out += esc(other);
      return m;
    });
    hl.innerHTML = out + "\n";
    hl.scrollTop = editor.scrollTop;
  }
  function links() {
    const q = encodeURIComponent(editor.value);
    document.getElementById("dl-csv").href = `/sparql?format=csv&query=${q}`;
    document.getElementById("dl-json").href = `/sparql?format=json&query=${q}`;
    document.getElementById("share").href = `/?lang=${window.TTX_LANG}&query=${q}`;
  }
  function cell(t) {
    if (!t) return "";
    if (t.type === "uri") {
      const local = t.value.startsWith(location.origin) ? t.value : `/resource?iri=${encodeURIComponent(t.value)}`;
      return `<a href="${esc(local)}" class="term" data-iri="${esc(t.value)}">${esc(t.value)}</a>`;
    }
    return esc(t.value) + (t["xml:lang"] ? `<span class="lang">@${esc(t["xml:lang"])}</span>` : "");
  }
  async function run() {
    status.textContent = "…";
    links();
    history.replaceState(null, "", `/?lang=${window.TTX_LANG}&query=${encodeURIComponent(editor.value)}`);
    const t0 = performance.now();
    const resp = await fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query",
      "Accept": "application/sparql-results+json, text/turtle;q=0.9"}, body: editor.value});
    const ms = Math.round(performance.now() - t0);
    const ctype = resp.headers.get("content-type") || "";
    if (!resp.ok) {
      const err = await resp.json().catch(() => ({message: resp.statusText}));
      results.innerHTML = `<p class="error">${esc(err.error || "")}: ${esc(err.message || "")}</p>`;
      status.textContent = `${resp.status} · ${ms} ms`;
      return;
    }
    if (!ctype.includes("json")) {
      results.innerHTML = `<pre>${esc(await resp.text())}</pre>`;
      status.textContent = `${ms} ms`;
      return;
    }
    const data = await resp.json();
    if ("boolean" in data) { results.innerHTML = `<p>${data.boolean}</p>`; status.textContent = `${ms} ms`; return; }
    const vars = data.head.vars, rows = data.results.bindings;
    let html = `<table class="results"><tr>${vars.map((v) => `<th>${esc(v)}</th>`).join("")}</tr>`;
    for (const r of rows) html += `<tr>${vars.map((v) => `<td>${cell(r[v])}</td>`).join("")}</tr>`;
    results.innerHTML = html + "</table>";
    const truncated = resp.headers.get("X-Result-Truncated") === "true" ? " · truncated" : "";
    status.textContent = `${rows.length} rows · ${ms} ms${truncated}`;
  }
  editor.addEventListener("input", () => { paint(); links(); });
  editor.addEventListener("scroll", () => { hl.scrollTop = editor.scrollTop; });
  editor.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  document.getElementById("run").addEventListener("click", run);
  document.getElementById("examples").addEventListener("change", (e) => {
    const ex = examples.find((x) => x.name === e.target.value);
    if (ex) { editor.value = ex.text; paint(); links(); }
  });
  paint(); links();
  if (window.TTX_AUTORUN) run();
})();
