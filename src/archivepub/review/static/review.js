// archivepub review: the article page's editor. Served as a file (the pages' Content Security
// Policy allows no inline script). Article text and translations are only ever put into the
// page as text (textContent, createTextNode), never as HTML.
"use strict";

(function () {
  const body = document.body;
  const base = body.dataset.base;
  const token = body.dataset.token;
  const article = body.dataset.article;
  const lang = body.dataset.lang;
  if (!article || !lang) {
    return; // the archive page needs no script
  }
  const template = document.getElementById("editor-template");
  const drafts = new Map(); // ctx -> unsaved text
  let current = null; // {row, editor, base: {msgstr, fuzzy}, checkTimer, checkSeq}

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // a tagged string as text and tag marks (the same split as the server's templates)
  const TAG = /<\s*\/?\s*(?:em|strong|a\s*\d+|note\s*\d+)\s*\/?\s*>/gi;
  function unescapeTags(text) {
    return text.replace(/&(lt|gt|amp);/g, (m, name) => ({ lt: "<", gt: ">", amp: "&" })[name]);
  }
  function showTagged(parent, tagged) {
    parent.replaceChildren();
    let at = 0;
    for (const match of tagged.matchAll(TAG)) {
      if (match.index > at) parent.appendChild(document.createTextNode(unescapeTags(tagged.slice(at, match.index))));
      parent.appendChild(el("span", "tag", match[0]));
      at = match.index + match[0].length;
    }
    if (at < tagged.length) parent.appendChild(document.createTextNode(unescapeTags(tagged.slice(at))));
  }
  function showTokens(parent, tokens) {
    parent.replaceChildren();
    for (const [kind, text] of tokens) {
      parent.appendChild(kind === "tag" ? el("span", "tag", text) : document.createTextNode(text));
    }
  }

  async function api(name, payload) {
    const response = await fetch(`${base}/api/${name}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Archivepub-Token": token },
      body: JSON.stringify(Object.assign({ article: article, lang: lang }, payload)),
      credentials: "same-origin",
      cache: "no-store",
    });
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = { error: `the server answered ${response.status}` };
    }
    return { status: response.status, data: data };
  }

  function rows() {
    return Array.from(document.querySelectorAll(".seg"));
  }
  function stateOf(msgstr, fuzzy) {
    return !msgstr ? "untranslated" : fuzzy ? "fuzzy" : "reviewed";
  }
  function unreviewed(row) {
    return !row.classList.contains("reviewed");
  }

  function setRow(row, msgstr, fuzzy, tokens) {
    row.dataset.msgstr = msgstr;
    row.dataset.fuzzy = fuzzy ? "true" : "false";
    const state = stateOf(msgstr, fuzzy);
    row.classList.remove("reviewed", "fuzzy", "untranslated");
    row.classList.add(state);
    row.querySelector(".state").textContent = state;
    const target = row.querySelector(".tgt");
    if (!msgstr) {
      target.replaceChildren(el("span", "empty", "not translated"));
    } else if (tokens) {
      showTokens(target, tokens);
    } else {
      showTagged(target, msgstr);
    }
    if (state === "reviewed") {
      const previous = row.querySelector(".previous");
      if (previous) previous.remove();
    }
  }

  function setStatus(status) {
    for (const state of ["reviewed", "fuzzy", "untranslated"]) {
      const node = document.getElementById(`count-${state}`);
      if (node) node.textContent = String(status[state].entries);
    }
    const meter = document.getElementById("progress-meter");
    if (meter) {
      meter.max = status.total.words || 1;
      meter.value = status.reviewed.words;
    }
  }

  // --- the editor -----------------------------------------------------------------------------

  function close(keepDraft) {
    if (!current) return;
    const { row, editor } = current;
    const text = editor.querySelector(".ed-text").value;
    if (keepDraft && text !== row.dataset.msgstr) {
      drafts.set(row.dataset.ctx, text);
      row.classList.add("has-draft");
    }
    clearTimeout(current.checkTimer);
    editor.remove();
    row.classList.remove("editing");
    current = null;
  }

  function open(row) {
    if (current && current.row === row) return;
    close(true);
    const editor = template.content.firstElementChild.cloneNode(true);
    row.after(editor);
    row.classList.add("editing");
    current = {
      row: row,
      editor: editor,
      base: { msgstr: row.dataset.msgstr, fuzzy: row.dataset.fuzzy === "true" },
      checkTimer: 0,
      checkSeq: 0,
    };
    showTagged(editor.querySelector(".ed-source"), row.dataset.msgid);
    const previous = row.querySelector(".previous");
    if (previous) {
      const diff = editor.querySelector(".ed-diff");
      for (const child of previous.childNodes) diff.appendChild(child.cloneNode(true));
      editor.querySelector(".ed-previous").hidden = false;
    }
    const comments = editor.querySelector(".ed-comments");
    for (const li of row.querySelectorAll(".comments li")) comments.appendChild(el("li", "", li.textContent));
    const area = editor.querySelector(".ed-text");
    const ctx = row.dataset.ctx;
    area.value = drafts.has(ctx) ? drafts.get(ctx) : row.dataset.msgstr;
    area.addEventListener("input", scheduleCheck);
    editor.querySelector(".ed-accept").addEventListener("click", () => save(false, true));
    editor.querySelector(".ed-save").addEventListener("click", () => save(true, false));
    editor.querySelector(".ed-revert").addEventListener("click", revert);
    editor.querySelector(".ed-close").addEventListener("click", () => close(true));
    editor.querySelector(".ed-keep-theirs").addEventListener("click", keepTheirs);
    editor.querySelector(".ed-use-mine").addEventListener("click", useMine);
    editor.querySelector(".ed-mt-use").addEventListener("click", () => {
      const text = editor.querySelector(".ed-mt-text").dataset.text;
      if (text !== undefined) insert(text);
    });
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
    row.scrollIntoView({ block: "nearest" });
    loadHelp(current);
    check();
  }

  function insert(text) {
    if (!current) return;
    const area = current.editor.querySelector(".ed-text");
    area.value = text;
    area.focus();
    check();
  }

  async function loadHelp(session) {
    const { row, editor } = session;
    const { status, data } = await api("help", { ctx: row.dataset.ctx, msgid: row.dataset.msgid });
    if (current !== session) return;
    if (status !== 200) {
      editor.querySelector(".ed-status").textContent = data.error || `error ${status}`;
      return;
    }
    if (data.found && (data.msgstr !== session.base.msgstr || data.fuzzy !== session.base.fuzzy)) {
      // changed on disk since the page was made: start from what the catalog holds now
      const area = editor.querySelector(".ed-text");
      const untouched = area.value === session.base.msgstr;
      session.base = { msgstr: data.msgstr, fuzzy: data.fuzzy };
      setRow(row, data.msgstr, data.fuzzy, data.tokens);
      editor.querySelector(".ed-stale").hidden = false;
      if (untouched) area.value = data.msgstr;
      check();
    }
    const matches = editor.querySelector(".ed-matches");
    if (!data.matches.length) matches.appendChild(el("li", "none", "no similar sentence translated"));
    for (const match of data.matches) {
      const li = el("li", "match");
      li.appendChild(el("span", "score", `${match.score}%`));
      li.appendChild(el("span", "where", `${match.where}, ${match.origin}`));
      const source = el("div", "match-source");
      showTagged(source, match.source);
      const target = el("div", "match-target");
      target.lang = lang;
      showTagged(target, match.target);
      const use = el("button", "match-use", "Use");
      use.type = "button";
      use.addEventListener("click", () => insert(match.target));
      li.append(source, target, use);
      matches.appendChild(li);
    }
    const terms = editor.querySelector(".ed-terms");
    if (!data.terms.length) terms.appendChild(el("li", "none", "no glossary term in this sentence"));
    for (const term of data.terms) {
      const li = el("li", "term");
      li.appendChild(el("span", "term-source", term.term));
      li.appendChild(document.createTextNode(" → "));
      const target = el("span", "term-target", term.target);
      target.lang = lang;
      li.appendChild(target);
      terms.appendChild(li);
    }
    if (data.machine) {
      const section = editor.querySelector(".ed-machine");
      section.hidden = false;
      const text = section.querySelector(".ed-mt-text");
      text.textContent = "translating…";
      const answer = await api("machine", { ctx: row.dataset.ctx });
      if (current !== session) return;
      const suggestion = answer.data && answer.data.suggestion;
      if (!suggestion) {
        text.textContent = answer.data && answer.data.error ? answer.data.error : "no suggestion";
        return;
      }
      text.lang = lang;
      text.dataset.text = suggestion.text;
      showTagged(text, suggestion.text);
      const repairs = suggestion.repairs.length ? `; repaired: ${suggestion.repairs.join("; ")}` : "";
      section.querySelector(".ed-mt-model").textContent = `by ${suggestion.model}, not reviewed${repairs}`;
      section.querySelector(".ed-mt-use").hidden = false;
    }
  }

  function scheduleCheck() {
    if (!current) return;
    current.confirmed = false;
    clearTimeout(current.checkTimer);
    current.checkTimer = setTimeout(check, 250);
  }

  async function check() {
    const session = current;
    if (!session) return;
    const seq = ++session.checkSeq;
    const msgstr = session.editor.querySelector(".ed-text").value;
    const { status, data } = await api("check", { ctx: session.row.dataset.ctx, msgstr: msgstr, fuzzy: true });
    if (current !== session || seq !== session.checkSeq) return;
    const list = session.editor.querySelector(".ed-findings");
    list.replaceChildren();
    if (status !== 200) {
      list.appendChild(el("li", "error", data.error || `error ${status}`));
      return;
    }
    const findings = data.findings.filter((f) => f.check !== "untranslated");
    session.errors = findings.filter((f) => f.level === "error").length;
    if (!findings.length && msgstr) list.appendChild(el("li", "ok", "locales check: no problem"));
    for (const f of findings) {
      list.appendChild(el("li", f.level, `[${f.check}] ${f.level}: ${f.message.replace(/ \(fuzzy\)$/, "")}`));
    }
  }

  function nextUnreviewed(step, from) {
    const all = rows();
    let at = from ? all.indexOf(from) : step > 0 ? -1 : all.length;
    for (let n = 0; n < all.length; n++) {
      at = (at + step + all.length) % all.length;
      if (unreviewed(all[at]) && all[at] !== from) return all[at];
    }
    return null;
  }

  async function save(fuzzy, advance, baseOverride) {
    const session = current;
    if (!session) return;
    const { row, editor } = session;
    const msgstr = editor.querySelector(".ed-text").value;
    const statusLine = editor.querySelector(".ed-status");
    if (!fuzzy && session.errors && !session.confirmed && !baseOverride) {
      // an entry with errors is only marked reviewed when asked twice
      session.confirmed = true;
      statusLine.textContent = `${session.errors} error(s) from locales check: accept again to mark it reviewed anyway`;
      return;
    }
    statusLine.textContent = "saving…";
    const { status, data } = await api("save", {
      ctx: row.dataset.ctx,
      msgid: row.dataset.msgid,
      msgstr: msgstr,
      fuzzy: fuzzy,
      base: baseOverride || session.base,
    });
    if (status === 409) {
      statusLine.textContent = "not saved: conflict";
      showConflict(session, data);
      return;
    }
    if (status !== 200) {
      statusLine.textContent = `not saved: ${data.error || status}`;
      return;
    }
    drafts.delete(row.dataset.ctx);
    row.classList.remove("has-draft");
    session.base = { msgstr: data.msgstr, fuzzy: data.fuzzy };
    setRow(row, data.msgstr, data.fuzzy, data.tokens);
    setStatus(data.status);
    editor.querySelector(".ed-conflict").hidden = true;
    statusLine.textContent = data.written ? `saved in ${data.path}` : "the catalog already holds this";
    row.dataset.saved = "true";
    if (advance) {
      const next = nextUnreviewed(1, row);
      close(false);
      if (next) open(next);
      else row.focus();
    }
  }

  function showConflict(session, data) {
    const box = session.editor.querySelector(".ed-conflict");
    box.hidden = false;
    box.querySelector(".ed-conflict-message").textContent =
      `${data.error}. Both versions are below: choose one, or edit the translation and save again.`;
    const theirs = data.conflict.theirs;
    const theirsText = box.querySelector(".ed-theirs-text");
    theirsText.lang = lang;
    if (theirs) {
      showTagged(theirsText, theirs.msgstr || "");
      theirsText.appendChild(el("span", "state", ` (${stateOf(theirs.msgstr, theirs.fuzzy)})`));
    } else {
      theirsText.textContent = "no such entry any more: reload the page";
    }
    const mineText = box.querySelector(".ed-mine-text");
    mineText.lang = lang;
    showTagged(mineText, data.conflict.mine.msgstr);
    mineText.appendChild(el("span", "state", ` (${stateOf(data.conflict.mine.msgstr, data.conflict.mine.fuzzy)})`));
    session.conflict = data.conflict;
    box.querySelector(".ed-use-mine").hidden = !theirs;
  }

  function keepTheirs() {
    const session = current;
    if (!session || !session.conflict || !session.conflict.theirs) return;
    const theirs = session.conflict.theirs;
    session.base = { msgstr: theirs.msgstr, fuzzy: theirs.fuzzy };
    setRow(session.row, theirs.msgstr, theirs.fuzzy, null);
    session.editor.querySelector(".ed-text").value = theirs.msgstr;
    session.editor.querySelector(".ed-conflict").hidden = true;
    session.editor.querySelector(".ed-status").textContent = "kept the catalog's version";
    check();
  }

  function useMine() {
    const session = current;
    if (!session || !session.conflict || !session.conflict.theirs) return;
    const mine = session.conflict.mine;
    session.base = { msgstr: session.conflict.theirs.msgstr, fuzzy: session.conflict.theirs.fuzzy };
    session.editor.querySelector(".ed-text").value = mine.msgstr;
    save(mine.fuzzy, false);
  }

  function revert() {
    const session = current;
    if (!session) return;
    const area = session.editor.querySelector(".ed-text");
    drafts.delete(session.row.dataset.ctx);
    session.row.classList.remove("has-draft");
    if (area.value === session.base.msgstr) {
      const row = session.row;
      close(false);
      row.focus();
      return;
    }
    area.value = session.base.msgstr;
    session.editor.querySelector(".ed-status").textContent = "reverted to the saved translation";
    check();
  }

  // --- events ---------------------------------------------------------------------------------

  document.addEventListener("click", (event) => {
    const row = event.target.closest(".seg");
    if (row) open(row);
  });
  document.addEventListener("keydown", (event) => {
    const inEditor = current && current.editor.contains(event.target);
    if (event.altKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      const from = current ? current.row : document.activeElement.closest && document.activeElement.closest(".seg");
      const next = nextUnreviewed(event.key === "ArrowDown" ? 1 : -1, from || null);
      if (next) open(next);
      return;
    }
    if (inEditor && event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save(false, true);
      return;
    }
    if (inEditor && (event.key === "s" || event.key === "S") && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save(true, false);
      return;
    }
    if (inEditor && event.key === "Escape") {
      event.preventDefault();
      revert();
      return;
    }
    if (!inEditor && event.key === "Enter" && event.target.classList && event.target.classList.contains("seg")) {
      event.preventDefault();
      open(event.target);
    }
  });
})();
