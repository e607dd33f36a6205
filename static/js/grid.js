/* The score grid: keyboard moves, checks as you type, live figures, save with a version.
   Everything typed is checked again on the server, whose figures are authoritative;
   the live figures here are a preview computed in integer hundredths. */
(function () {
  "use strict";
  var table = document.getElementById("score-grid");
  if (!table) { return; }
  var T = JSON.parse(document.getElementById("grid-text").textContent);
  var lang = table.getAttribute("data-lang");
  var canWrite = table.getAttribute("data-can-write") === "1";
  var saveUrl = table.getAttribute("data-save-url");
  var storageKey = table.getAttribute("data-storage-key");
  var version = parseInt(table.getAttribute("data-version"), 10);
  var bonusCap = parseInt(table.getAttribute("data-bonus-cap"), 10);
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var BASE = { points: true, target: true, yesno: true };
  var FIELD_CLASS = { value: "in-value", self_value: "in-self", note: "in-note" };
  var layer = "value";
  var saving = false;
  var retry = false;  // a save to send again at once: others saved cells this one does not touch
  var merged = 0;  // cells others saved that this page took in while saving
  var retries = 0;  // saves sent again in a row after taking others' cells in
  var POINT_NUMBER = /^[+-]?\d+\.\d{1,2}$/;  // a number typed with a decimal point
  var leaving = false;

  var feds = Array.prototype.map.call(table.querySelectorAll("thead th[data-fed]"), function (th) {
    return th.getAttribute("data-fed");
  });
  var rows = Array.prototype.map.call(table.querySelectorAll("tbody tr.leaf"), function (tr) {
    var sections = tr.getAttribute("data-sections");
    return {
      tr: tr, code: tr.getAttribute("data-code"), kind: tr.getAttribute("data-kind"),
      max: parseInt(tr.getAttribute("data-max"), 10), target: parseInt(tr.getAttribute("data-target"), 10),
      sections: sections ? sections.split(" ") : [], allowed: tr.getAttribute("data-allowed"),
      cells: Array.prototype.slice.call(tr.querySelectorAll("td.cell"))
    };
  });
  var rowByCode = {};
  rows.forEach(function (r) { rowByCode[r.code] = r; });

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }

  // --- reading what people type (mirrors scoring/engine/values.py) ----------------
  var NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
  var YES = ["1", "co", "dat", "x", "yes", "y", "true"];
  var NO = ["0", "khong", "khong dat", "no", "n", "false"];

  function fold(text) {
    var t = text.trim().toLowerCase().replace(/đ/g, "d");
    if (t.normalize) { t = t.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
    return t.split(/\s+/).join(" ");
  }

  function hundredths(raw) {
    var text = raw.replace(/[\s\u00a0]/g, "");
    if (!NUMBER.test(text)) { return { error: fill(T.not_number, { raw: raw.trim() }) }; }
    text = text.replace(",", ".");
    var negative = text.charAt(0) === "-";
    text = text.replace(/^[+-]/, "");
    var parts = text.split(".");
    var whole = (parts[0] || "0").replace(/^0+(?=\d)/, "");
    var frac = (parts[1] || "").replace(/0+$/, "");
    if (frac.length > 2) { return { error: fill(T.decimals, { raw: raw.trim() }) }; }
    if (whole.length > 12) { return { error: fill(T.too_large, { raw: raw.trim() }) }; }
    var h = parseInt(whole, 10) * 100 + parseInt((frac + "00").slice(0, 2), 10);
    return { h: negative && h ? -h : h };
  }

  /* {h: hundredths or null when missing} or {error: message naming the allowed range} */
  function parseCell(row, raw) {
    if (raw.trim() === "") { return { h: null }; }
    var out;
    if (row.kind === "yesno") {
      var word = fold(raw);
      if (YES.indexOf(word) >= 0) { return { h: 100 }; }
      if (NO.indexOf(word) >= 0) { return { h: 0 }; }
      return { error: fill(T.not_yesno, { raw: raw.trim() }) };
    }
    out = hundredths(raw);
    if (out.error) { return { error: out.error + "; " + fill(T.allowed, { range: row.allowed }) }; }
    if (out.h < 0) {
      return { error: fill(T.negative, { raw: raw.trim() }) + "; " + fill(T.allowed, { range: row.allowed }) };
    }
    if (row.kind !== "target" && out.h > row.max) {
      return { error: fill(T.over_max, { v: show(out.h, false), max: show(row.max, false) }) +
        "; " + fill(T.allowed, { range: row.allowed }) };
    }
    return out;
  }

  /* Points a value gives, in hundredths (may carry a fraction for a target leaf). */
  function points(row, h) {
    if (h === null) { return 0; }
    if (row.kind === "target") { return h >= row.target ? row.max : row.max * h / row.target; }
    if (row.kind === "yesno") { return h ? row.max : 0; }
    return h;
  }

  /* Round hundredths half away from zero; the epsilon absorbs float error of a division. */
  function round(x) {
    var sign = x < 0 ? -1 : 1;
    return sign * Math.floor(Math.abs(x) + 0.5 + 1e-7);
  }

  /* 9550 -> "95,50" (vi) or "95.50" (en), as the num filter shows figures. */
  function show(h, fixed) {
    if (h === null || h === undefined) { return ""; }
    var negative = h < 0;
    var a = Math.abs(Math.round(h));
    var whole = String(Math.floor(a / 100));
    var cents = ("0" + (a % 100)).slice(-2);
    var group = lang === "vi" ? "." : ",";
    var point = lang === "vi" ? "," : ".";
    whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, group);
    if (fixed === false) {
      cents = cents.replace(/0+$/, "");
      return (negative ? "-" : "") + whole + (cents ? point + cents : "");
    }
    return (negative ? "-" : "") + whole + point + cents;
  }

  // --- cells --------------------------------------------------------------------
  function input(td, field) { return td.querySelector("input." + FIELD_CLASS[field]); }
  function cellOf(fed, code) {
    var row = rowByCode[code];
    var i = feds.indexOf(fed);
    return row && i >= 0 ? row.cells[i] : null;
  }
  function rowOf(td) { return rowByCode[td.parentNode.getAttribute("data-code")]; }

  function setMessage(td, message) {
    var msg = td.querySelector(".cell-msg");
    td.classList.toggle("invalid", Boolean(message));
    msg.textContent = message || "";
    ["value", "self_value", "note"].forEach(function (f) {
      if (message) { input(td, f).setAttribute("aria-invalid", "true"); }
      else { input(td, f).removeAttribute("aria-invalid"); }
    });
  }

  /* Check one cell's three inputs; mark it at once; return whether it is valid. */
  function checkCell(td) {
    var row = rowOf(td);
    var value = parseCell(row, input(td, "value").value);
    var self = parseCell(row, input(td, "self_value").value);
    var note = input(td, "note").value;
    var message = value.error || (self.error ? T.field_self_value + ": " + self.error : "") ||
      (note.trim().length > 2000 ? T.note_long : "");
    setMessage(td, message);
    var gap = !value.error && !self.error && value.h !== null && self.h !== null &&
      Math.abs(points(row, self.h) - points(row, value.h)) >= 200;
    td.classList.toggle("gap", gap);
    td.querySelector(".gap-self").textContent = input(td, "self_value").value.trim();
    td.querySelector(".gap-value").textContent = input(td, "value").value.trim();
    var mark = td.querySelector(".note-mark");
    mark.hidden = note.trim() === "";
    mark.title = note.trim();
    td.classList.toggle("missing", BASE[row.kind] === true && (value.h === null || Boolean(value.error)));
    return !message;
  }

  function isDirty(td) {
    return ["value", "self_value", "note"].some(function (f) {
      var el = input(td, f);
      return el.value !== el.defaultValue;
    });
  }

  // --- live figures ---------------------------------------------------------------
  function figureCell(fed, name) { return table.querySelector('tfoot td[data-fed="' + fed + '"][data-fig="' + name + '"]'); }

  function recompute(fed) {
    var i = feds.indexOf(fed);
    var sums = {};
    var base = 0, bonusRaw = 0, penalty = 0, missing = 0, changed = false;
    rows.forEach(function (row) {
      var td = row.cells[i];
      var parsed = parseCell(row, input(td, "value").value);
      var h = parsed.error ? null : parsed.h;
      changed = changed || isDirty(td);
      if (BASE[row.kind]) {
        if (h === null) { missing += 1; }
        var p = points(row, h);
        base += p;
        row.sections.forEach(function (s) { sums[s] = (sums[s] || 0) + p; });
      } else if (row.kind === "bonus") { bonusRaw += h || 0; }
      else if (row.kind === "penalty") { penalty += h || 0; }
    });
    var bonus = Math.min(bonusRaw, bonusCap);
    var total = Math.max(0, base + bonus - penalty);
    table.querySelectorAll('tbody td.subtotal[data-fed="' + fed + '"]').forEach(function (td) {
      var code = td.getAttribute("data-sub");
      if (code) { td.textContent = show(round(sums[code] || 0)); }
    });
    showFigures(fed, {
      base: round(base), bonus: bonus, bonusRaw: bonusRaw, capped: bonus < bonusRaw,
      penalty: penalty, total: round(total), missing: missing
    });
    var rank = figureCell(fed, "rank");
    rank.classList.toggle("stale", changed);
    table.querySelector(".stale-legend").hidden = !table.querySelector("tfoot td.stale");
  }

  function showFigures(fed, f) {
    figureCell(fed, "base").textContent = show(f.base);
    var bonus = figureCell(fed, "bonus");
    bonus.querySelector(".fig-value").textContent = show(f.bonus);
    bonus.querySelector(".bonus-raw").textContent = show(f.bonusRaw);
    bonus.querySelector(".cap-note").hidden = !f.capped;
    bonus.classList.toggle("capped", f.capped);
    figureCell(fed, "penalty").textContent = show(f.penalty);
    figureCell(fed, "total").textContent = show(f.total);
    var complete = figureCell(fed, "complete");
    complete.querySelector(".badge-ok").hidden = f.missing > 0;
    complete.querySelector(".badge-warn").hidden = f.missing === 0;
    complete.querySelector(".missing-count").textContent = String(f.missing);
    complete.setAttribute("data-missing", String(f.missing));
    summarize();
  }

  function summarize() {
    var incomplete = feds.filter(function (fed) {
      return figureCell(fed, "complete").querySelector(".badge-ok").hidden;
    }).length;
    var summary = document.getElementById("grid-summary");
    summary.querySelector(".summary-incomplete").hidden = incomplete === 0;
    summary.querySelector(".summary-complete").hidden = incomplete > 0;
    var count = document.getElementById("incomplete-count");
    if (count) { count.textContent = String(incomplete); }
  }

  /* The server's figures after a save replace the preview (they are authoritative). */
  function applyServerFigures(figures) {
    Object.keys(figures).forEach(function (fed) {
      var f = figures[fed];
      var h = function (x) { return x === null || x === undefined ? null : Math.round(x * 100); };
      Object.keys(f.sections).forEach(function (code) {
        var td = table.querySelector('tbody td.subtotal[data-fed="' + fed + '"][data-sub="' + code + '"]');
        if (td) { td.textContent = show(h(f.sections[code])); }
      });
      showFigures(fed, {
        base: h(f.base), bonus: h(f.bonus), bonusRaw: h(f.bonus_raw), capped: f.bonus_capped,
        penalty: h(f.penalty), total: h(f.total), missing: f.missing.length
      });
      var rank = figureCell(fed, "rank");
      rank.textContent = f.rank === null ? "" : String(f.rank);
      rank.classList.remove("stale");
    });
    table.querySelector(".stale-legend").hidden = true;
  }

  /* The workflow panel (templates/workflow/_cluster_actions.html) follows each save: who
     still blocks the submission, and whether the button may be pressed. */
  function refreshSubmit(figures) {
    var notice = document.querySelector("[data-wf-incomplete]");
    var form = document.querySelector("form[data-wf-submit]");
    if (!notice || !form) { return; }
    var list = notice.querySelector("ul");
    list.textContent = "";
    var blocking = Object.keys(figures).filter(function (fed) { return !figures[fed].complete; });
    blocking.forEach(function (fed) {
      var name = document.getElementById("m-" + fed);
      var item = document.createElement("li");
      item.textContent = (name ? name.getAttribute("title") : fed) + " — " + T.missing + " " + figures[fed].missing.join(", ");
      list.appendChild(item);
    });
    notice.hidden = blocking.length === 0;
    form.querySelectorAll("button").forEach(function (button) {
      button.disabled = blocking.length > 0;
      if (blocking.length) { button.setAttribute("aria-disabled", "true"); } else { button.removeAttribute("aria-disabled"); }
    });
  }

  /* Submitting leaves the page: unsaved cells would be lost. Held back (before the
     confirmation dialog of app.js) until they are saved. */
  document.addEventListener("submit", function (event) {
    if (!event.target.matches || !event.target.matches("form[data-wf-submit]")) { return; }
    var n = dirtyCells().length;
    if (!n) { return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    status(fill(T.unsaved_submit, { n: n }), true);
  }, true);

  function dirtyCells() { return table.querySelectorAll("td.cell.dirty"); }

  function updateDirty(td) {
    td.classList.toggle("dirty", isDirty(td));
    var counter = document.getElementById("dirty-count");
    if (!counter) { return; }
    var n = dirtyCells().length;
    counter.textContent = n ? fill(T.dirty, { n: n }) : T.clean;
    counter.classList.toggle("has-changes", n > 0);
    // the submit panel's "still missing" list is the last save's: say so while cells wait
    var saveFirst = document.querySelector("[data-wf-save-first]");
    if (saveFirst) { saveFirst.hidden = n === 0; }
  }

  function onEdit(td) {
    td.classList.remove("conflict");
    checkCell(td);
    updateDirty(td);
    recompute(td.getAttribute("data-fed"));
  }

  table.addEventListener("input", function (event) {
    var td = event.target.closest("td.cell");
    if (td) { onEdit(td); }
  });

  /* A number typed with a point ("4.5") is shown as Vietnamese writes it ("4,5") once
     the cell is left, as the page shows every other figure. */
  table.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.matches || !el.matches("input.in-value, input.in-self")) { return; }
    var shown = commaForm("value", el.value);
    if (shown !== el.value) {
      el.value = shown;
      onEdit(el.closest("td.cell"));
    }
  });

  // --- moving with the keyboard ------------------------------------------------------
  var focusValue = "";
  var clickedInto = null;  // a mouse focus: keep the whole value selected after mouseup
  table.addEventListener("focusin", function (event) {
    var el = event.target;
    if (el.tagName === "INPUT") {
      focusValue = el.value;
      if (!el.readOnly) { el.select(); clickedInto = el; }
    }
  });
  table.addEventListener("mouseup", function (event) {
    if (event.target === clickedInto && clickedInto.selectionStart === clickedInto.selectionEnd) {
      event.preventDefault();
      clickedInto.select();
    }
    clickedInto = null;
  });
  table.addEventListener("keydown", function () { clickedInto = null; }, true);

  function position(el) {
    var td = el.closest("td.cell");
    if (!td) { return null; }
    return { row: rows.indexOf(rowOf(td)), col: feds.indexOf(td.getAttribute("data-fed")) };
  }

  function moveTo(r, c) {
    if (r < 0 || r >= rows.length || c < 0 || c >= feds.length) { return; }
    var el = input(rows[r].cells[c], layer === "value" ? "value" : layer === "self" ? "self_value" : "note");
    el.focus();
    if (!el.readOnly) { el.select(); }
  }

  function atEdge(el, start) {
    try {
      var all = el.selectionStart === 0 && el.selectionEnd === el.value.length;
      if (all) { return true; }
      return start ? el.selectionStart === 0 && el.selectionEnd === 0
        : el.selectionStart === el.value.length;
    } catch (e) { return true; }
  }

  table.addEventListener("keydown", function (event) {
    var el = event.target;
    if (el.tagName !== "INPUT" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var at = position(el);
    if (!at) { return; }
    var key = event.key;
    if (key === "Enter" || key === "ArrowDown" || key === "ArrowUp") {
      event.preventDefault();
      moveTo(at.row + ((key === "ArrowUp" || (key === "Enter" && event.shiftKey)) ? -1 : 1), at.col);
    } else if (key === "ArrowLeft" && atEdge(el, true)) {
      event.preventDefault();
      moveTo(at.row, at.col - 1);
    } else if (key === "ArrowRight" && atEdge(el, false)) {
      event.preventDefault();
      moveTo(at.row, at.col + 1);
    } else if (key === "Escape" && !el.readOnly) {
      el.value = focusValue;
      onEdit(el.closest("td.cell"));
      el.select();
    }
  });

  // --- layers and guidance -------------------------------------------------------------
  document.querySelectorAll('input[name="layer"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (!radio.checked) { return; }
      table.classList.remove("layer-" + layer);
      layer = radio.value;
      table.classList.add("layer-" + layer);
    });
  });
  var guidance = document.getElementById("show-guidance");
  if (guidance) {
    guidance.addEventListener("change", function () { table.classList.toggle("show-guidance", guidance.checked); });
  }

  // --- saving ----------------------------------------------------------------------------
  var statusBox = document.getElementById("save-status");
  var problemsBox = document.getElementById("save-problems");
  var conflictBox = document.getElementById("conflict");
  var reloadBox = document.getElementById("reload-box");

  function status(text, failed) {
    statusBox.textContent = text;
    statusBox.classList.toggle("failed", Boolean(failed));
  }

  function listProblems(title, items) {
    problemsBox.textContent = "";
    if (!items.length) { problemsBox.hidden = true; return; }
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = title;
    p.appendChild(strong);
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      if (item.td) {
        var a = document.createElement("a");
        a.href = "#";
        a.textContent = item.text;
        a.addEventListener("click", function (e) {
          e.preventDefault();
          var target = input(item.td, item.field || "value");
          showLayerFor(item.field || "value");
          target.focus();
        });
        li.appendChild(a);
      } else { li.textContent = item.text; }
      ul.appendChild(li);
    });
    problemsBox.appendChild(p);
    problemsBox.appendChild(ul);
    problemsBox.hidden = false;
  }

  function showLayerFor(field) {
    var name = field === "self_value" ? "self" : field === "note" ? "note" : "value";
    var radio = document.querySelector('input[name="layer"][value="' + name + '"]');
    if (radio && !radio.checked) { radio.checked = true; radio.dispatchEvent(new Event("change")); }
  }

  function cellName(td) {
    var fed = td.getAttribute("data-fed");
    var th = document.getElementById("m-" + fed);
    return fill(T.cell, { fed: th ? th.textContent.trim() : fed, ind: rowOf(td).code });
  }

  function collect() {
    var entries = [];
    var sent = [];
    dirtyCells().forEach(function (td) {
      var entry = { federation: td.getAttribute("data-fed"), indicator: rowOf(td).code };
      var snapshot = { td: td };
      ["value", "self_value", "note"].forEach(function (f) {
        var el = input(td, f);
        if (f === "value" || el.value !== el.defaultValue) { entry[f] = el.value; snapshot[f] = el.value; }
      });
      entries.push(entry);
      sent.push(snapshot);
    });
    return { entries: entries, sent: sent };
  }

  function save() {
    if (!canWrite || saving) { return; }
    conflictBox.hidden = true;
    reloadBox.hidden = true;
    var invalid = Array.prototype.filter.call(dirtyCells(), function (td) { return !checkCell(td); });
    if (invalid.length) {
      status("");  // the problems box (an alert) says it, with the list
      listProblems(fill(T.invalid_local, { n: invalid.length }), invalid.map(function (td) {
        return { td: td, text: cellName(td) + ": " + td.querySelector(".cell-msg").textContent };
      }));
      return;
    }
    var batch = collect();
    if (!batch.entries.length) { status(T.nothing); listProblems("", []); return; }
    saving = true;
    var button = document.getElementById("save-button");
    button.disabled = true;
    status(T.saving);
    fetch(saveUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ version: version, scores: batch.entries })
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") < 0) { return { status: response.status, body: null }; }
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      handle(answer.status, answer.body, batch);
    }).catch(function () {
      merged = retries = 0;
      retry = false;
      status(T.network, true);
    }).then(function () {
      saving = false;
      button.disabled = false;
      if (retry) { retry = false; save(); }
    });
  }

  /* Someone else (the deputy, the council) saved in between. When the server's list of
     their changes is complete and none of their cells is one being edited here, their
     values are taken into the page and the save is sent again with the new version:
     nothing of either is lost. Otherwise the conflict is shown (showConflict). At most a
     few times in a row, then the conflict is shown too. */
  function takeIn(body) {
    var changes = body.changes || [];
    var clash = changes.some(function (c) {
      var td = cellOf(c.federation, c.indicator);
      return !td || td.classList.contains("dirty");
    });
    if (body.changes_complete !== true || clash || !changes.length || retries >= 3) { return false; }
    retries += 1;
    var cells = [];
    changes.forEach(function (c) {
      var td = cellOf(c.federation, c.indicator);
      var el = input(td, c.field);
      var text = readable(c, c.after);
      el.value = el.defaultValue = text === null || text === undefined ? "" : text;
      if (c.field === "note") { el.title = el.value; }
      if (document.activeElement === el) { focusValue = el.value; }  // Esc keeps their value
      checkCell(td);  // its marks (note, gap, missing) follow the new values
      if (cells.indexOf(td) < 0) { cells.push(td); }
    });
    cells.forEach(function (td) { recompute(td.getAttribute("data-fed")); });
    merged += cells.length;
    version = body.version;
    table.setAttribute("data-version", String(version));
    return true;
  }

  /* "3.25" as a Vietnamese page writes it ("3,25"), for a value or self value. */
  function commaForm(field, text) {
    return lang === "vi" && field !== "note" && POINT_NUMBER.test(text.trim()) ? text.trim().replace(".", ",") : text;
  }

  function handle(code, body, batch) {
    if (code === 200 && body) {
      version = body.version;
      table.setAttribute("data-version", String(version));
      batch.sent.forEach(function (snap) {
        ["value", "self_value", "note"].forEach(function (f) {
          if (!(f in snap)) { return; }
          var el = input(snap.td, f);
          var shown = commaForm(f, snap[f]);  // saved while still in the cell: shown as it will be
          if (el.value === snap[f]) { el.value = shown; }
          el.defaultValue = shown;
        });
        updateDirty(snap.td);
      });
      applyServerFigures(body.figures);
      refreshSubmit(body.figures);
      listProblems("", []);
      status(fill(T.saved, { n: body.changed }) + (merged ? " " + fill(T.merged, { n: merged }) : ""));
      merged = retries = 0;
      return;
    }
    if (code === 409 && body) {
      if (takeIn(body)) { retry = true; status(T.saving); return; }
      merged = retries = 0;
      showConflict(body);
      return;
    }
    merged = retries = 0;
    if (code === 422 && body) { markProblems(body.problems || [], body.problem_count); return; }
    if (!body && (code === 400 || code === 401 || code === 302 || code === 200)) {
      status(T.expired, true);
      reloadBox.hidden = false;
      return;
    }
    var message = body ? (lang === "en" ? body.error : body.error_vi || body.error) : "";
    status(T.failed + " (" + code + ")" + (message ? ": " + message : "."), true);
  }

  /* count: how many the server found; it lists the first 200 and a line for the rest */
  function markProblems(problems, count) {
    var n = count || problems.length;
    var items = problems.map(function (p) {
      var text = lang === "en" ? p.message_en : p.message;
      var parts = (p.where || "").split(" / ");
      var td = parts.length === 2 ? cellOf(parts[0], parts[1]) : null;
      if (td) { setMessage(td, text); }
      return { td: td, text: (td ? "" : (p.where ? p.where + ": " : "")) + text };
    });
    status("");  // the problems box (an alert) says it, with the list
    listProblems(fill(T.invalid_server, { n: n }), items);
  }

  function fieldValueText(text) { return text === null || text === undefined || text === "" ? T.empty : text; }

  /* An audited value as people write it: "đạt" for a yes, a decimal comma in Vietnamese. */
  function readable(change, text) {
    if (text === null || text === undefined || change.field === "note") { return text; }
    var row = rowByCode[change.indicator];
    if (row && row.kind === "yesno") { return text === "0" ? T.no : T.yes; }
    return lang === "vi" ? text.replace(".", ",") : text;
  }

  function showConflict(body) {
    var list = document.getElementById("conflict-list");
    list.textContent = "";
    (body.changes || []).forEach(function (c) {
      var td = cellOf(c.federation, c.indicator);
      var overlap = td && td.classList.contains("dirty");
      if (td) { td.classList.add("conflict"); }
      var li = document.createElement("li");
      var at = c.at_local || "";  // the server's wording of the time, in Vietnam's zone
      var before = readable(c, c.before), after = readable(c, c.after);
      li.textContent = (c.federation_name || c.federation) + " · " + c.indicator + " · " +
        (T["field_" + c.field] || c.field) + ": " + fieldValueText(before) + " → " + fieldValueText(after) +
        " (" + (c.username || "?") + (at ? ", " + at : "") + ")" + (overlap ? " — ⚠ " + T.overlap : "");
      if (overlap) { li.className = "overlap"; }
      list.appendChild(li);
    });
    var intro = lang === "en" ? body.error : body.error_vi;
    status(intro, true);
    conflictBox.hidden = false;
    reloadBox.hidden = false;
    conflictBox.scrollIntoView({ block: "nearest" });
  }

  /* Reloading after a conflict keeps the user's edits in this tab's session storage. */
  function reload(keep) {
    if (keep && window.sessionStorage) {
      var pending = collect().sent.map(function (snap) {
        var out = { federation: snap.td.getAttribute("data-fed"), indicator: rowOf(snap.td).code };
        ["value", "self_value", "note"].forEach(function (f) { if (f in snap) { out[f] = snap[f]; } });
        return out;
      });
      try { window.sessionStorage.setItem(storageKey, JSON.stringify(pending)); } catch (e) { /* full: reload anyway */ }
    }
    leaving = true;
    window.location.reload();
  }

  function restore() {
    if (!window.sessionStorage || !canWrite) { return; }
    var saved = window.sessionStorage.getItem(storageKey);
    if (!saved) { return; }
    window.sessionStorage.removeItem(storageKey);
    var count = 0;
    var touched = {};
    JSON.parse(saved).forEach(function (entry) {
      var td = cellOf(entry.federation, entry.indicator);
      if (!td || input(td, "value").readOnly) { return; }
      ["value", "self_value", "note"].forEach(function (f) {
        if (f in entry && entry[f] !== input(td, f).defaultValue) { input(td, f).value = entry[f]; }
      });
      checkCell(td);
      updateDirty(td);
      if (td.classList.contains("dirty")) { count += 1; }
      touched[entry.federation] = true;
    });
    Object.keys(touched).forEach(recompute);
    if (count) { status(fill(T.restored, { n: count })); }
  }

  var saveButton = document.getElementById("save-button");
  if (saveButton) { saveButton.addEventListener("click", save); }
  var keep = document.getElementById("reload-keep");
  if (keep) { keep.addEventListener("click", function () { reload(true); }); }
  var discard = document.getElementById("reload-discard");
  if (discard) { discard.addEventListener("click", function () { reload(false); }); }

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "s" || event.key === "S")) {
      event.preventDefault();
      save();
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !dirtyCells().length) { return undefined; }
    event.preventDefault();
    event.returnValue = "";
    return "";
  });

  restore();
})();
