/* Thi đua, khen thưởng: the few behaviours the pages need. No framework, no build.
 * - a form submits once: a double click acts once;
 * - forms and buttons with data-confirm ask first;
 * - a button with data-download (a file, the page stays) locks its form for a moment only;
 * - [data-poll-url] elements follow a print job's progress;
 * - [data-show-if="name=value"] blocks show only while that radio or select has that value;
 * - the language <select> submits its form on change;
 * - what was typed in a form survives an expired session or a refused CSRF token: kept in
 *   this tab (sessionStorage) when posted, given back on the same page after logging in again;
 * - long checkbox lists get "select all";
 * - after a refused form, focus goes to the error summary. */
(function () {
  "use strict";

  // Phones: the header collapses behind "Menu" (without scripts everything stays shown).
  document.documentElement.classList.add("js");
  var header = document.querySelector(".site-header");
  var toggle = document.querySelector(".nav-toggle");
  if (header && toggle) {
    toggle.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    form.setAttribute("aria-busy", "true");
    keepInput(form);
    // Disable after the browser has collected the submitter's name and value.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
    // A download does not leave the page: unlock once the double click is over.
    if (submitter && submitter.hasAttribute("data-download")) {
      window.setTimeout(function () { unlock(form); }, 2500);
    }
  });

  function unlock(form) {
    delete form.dataset.submitted;
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      b.disabled = false;
    });
  }

  // Coming back with the Back button shows the page from the cache: let it submit again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitted]").forEach(unlock);
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      if (typeof el.form.requestSubmit === "function") el.form.requestSubmit();
      else el.form.submit();
    }
  });

  function poll(el) {
    var url = el.getAttribute("data-poll-url");
    var bar = el.querySelector(".progress-bar");
    var text = el.querySelector("[data-progress-text]");
    var done = document.querySelector(el.getAttribute("data-done-target") || "#job-done");
    var failed = document.querySelector(el.getAttribute("data-failed-target") || "#job-failed");
    var progress = el.querySelector("[role=progressbar]");
    function tick() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (job) {
          var total = job.total || 0;
          var pct = total ? Math.round((100 * (job.done || 0)) / total) : (job.status === "done" ? 100 : 0);
          if (bar) bar.style.width = pct + "%";
          if (progress) progress.setAttribute("aria-valuenow", String(pct));
          if (text) text.textContent = (job.done || 0) + " / " + total + " (" + pct + "%)";
          var status = el.querySelector("[data-status]");
          if (status && job.status_label) status.textContent = job.status_label;
          if (status && status.classList.contains("badge")) status.className = "badge badge-" + job.status;
          if (job.status === "done" || job.status === "failed") {
            var waiting = document.getElementById("job-waiting");
            if (waiting) waiting.hidden = true;
          }
          if (job.status === "done") {
            if (done) done.hidden = false;
            return;
          }
          if (job.status === "failed") {
            if (failed) {
              var why = failed.querySelector("[data-error-text]");
              if (why && job.error) why.textContent = job.error;
              failed.hidden = false;
            }
            return;
          }
          window.setTimeout(tick, 1000);
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    }
    tick();
  }

  document.querySelectorAll("[data-poll-url]").forEach(poll);

  // Blocks that only matter for one choice (a custom paper's width and height).
  function syncShowIf() {
    document.querySelectorAll("[data-show-if]").forEach(function (block) {
      var rule = block.getAttribute("data-show-if").split("=");
      var inputs = document.querySelectorAll("[name='" + rule[0] + "']");
      var value = null;
      inputs.forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") {
          if (input.checked) value = input.value;
        } else {
          value = input.value;
        }
      });
      // Never hide a block that carries an error message.
      block.hidden = value !== rule[1] && !block.querySelector(".has-error");
    });
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el || !el.name) return;
    // Picking a decision or ticking a certificate also picks what to print.
    var choose = el.getAttribute("data-choose");
    if (choose && (el.type !== "checkbox" || el.checked)) {
      var pair = choose.split("=");
      var radio = document.querySelector("input[type=radio][name='" + pair[0] + "'][value='" + pair[1] + "']");
      if (radio) radio.checked = true;
    }
    syncShowIf();
  });
  syncShowIf();

  // Nomination form: show the nominee picker that matches "individual" / "collective".
  function syncNominee() {
    var checked = document.querySelector("input[name=recipient_kind]:checked");
    var person = document.getElementById("id_nominee_person");
    var organization = document.getElementById("id_nominee_organization");
    if (!checked || !person || !organization) return;
    var individual = checked.value === "individual";
    person.closest(".field").hidden = !individual;
    organization.closest(".field").hidden = individual;
  }
  document.querySelectorAll("input[name=recipient_kind]").forEach(function (radio) {
    radio.addEventListener("change", syncNominee);
  });
  syncNominee();
  // --- kept input ---------------------------------------------------------------------------
  var KEEP = "kept-input:";
  var SKIP_TYPES = { password: 1, file: 1, hidden: 1, submit: 1, button: 1, reset: 1 };

  function pathOf(url) {
    try { return new URL(url, window.location.href).pathname; } catch (e) { return ""; }
  }

  function keepInput(form) {
    if ((form.method || "").toLowerCase() !== "post") return;
    if (form.querySelector("input[type=password], input[type=file]")) return;
    var fields = [];
    var typed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP_TYPES[el.type] || el.disabled) return;
      if (el.type === "checkbox" || el.type === "radio") {
        fields.push({ name: el.name, value: el.value, checked: el.checked });
      } else {
        fields.push({ name: el.name, value: el.value });
        if (el.tagName === "TEXTAREA" && el.value.trim()) typed = true;
        if (el.type === "text" && el.value.trim()) typed = true;
      }
    });
    if (!typed) return;
    var action = pathOf(form.action);
    var draft = { page: window.location.pathname, action: action, index: postForms(action).indexOf(form), fields: fields, t: Date.now() };
    try { window.sessionStorage.setItem(KEEP + draft.action + "|" + draft.page, JSON.stringify(draft)); } catch (e) { /* full or off */ }
  }

  // A page may hold several forms posting to one address (appraise: verify, return).
  function postForms(action) {
    return Array.prototype.filter.call(document.forms, function (f) {
      return (f.method || "").toLowerCase() === "post" && pathOf(f.action) === action;
    });
  }

  function eachKept(callback) {
    var keys = [];
    try {
      for (var i = 0; i < window.sessionStorage.length; i++) {
        var key = window.sessionStorage.key(i);
        if (key && key.indexOf(KEEP) === 0) keys.push(key);
      }
    } catch (e) { return; }
    keys.forEach(function (key) {
      var draft = null;
      try { draft = JSON.parse(window.sessionStorage.getItem(key)); } catch (e) { draft = null; }
      if (draft) callback(key, draft);
    });
  }

  // The login page (?next=…) or the CSRF page names where the user goes back: mark those drafts.
  function markForRestore(path) {
    if (!path) return;
    eachKept(function (key, draft) {
      if (draft.action === path || draft.page === path) {
        draft.restore = true;
        window.sessionStorage.setItem(key, JSON.stringify(draft));
      }
    });
  }
  var next = new URLSearchParams(window.location.search).get("next");
  if (next && document.querySelector("input[type=password]")) markForRestore(pathOf(next));
  document.querySelectorAll("[data-restore-kept]").forEach(function (el) {
    markForRestore(pathOf(el.getAttribute("data-restore-kept")));
  });

  function restore(form, draft) {
    draft.fields.forEach(function (field) {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== field.name || SKIP_TYPES[el.type]) return;
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === field.value) el.checked = field.checked;
        } else {
          el.value = field.value;
        }
      });
    });
    form.querySelectorAll("input, select, textarea").forEach(function (el) {
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    var template = document.getElementById("kept-input-note");
    if (template) {
      var note = document.createElement("div");
      note.className = "alert alert-info";
      note.setAttribute("role", "status");
      note.textContent = template.textContent;
      form.parentNode.insertBefore(note, form);
    }
  }

  // Not on the login page nor on the refusal page (it answers at the form's own address).
  if (!document.querySelector("input[type=password], [data-restore-kept]")) {
    var here = window.location.pathname;
    eachKept(function (key, draft) {
      if (draft.page !== here && draft.action !== here) return;
      window.sessionStorage.removeItem(key);  // given back once, or stale (the post went through)
      if (!draft.restore || Date.now() - draft.t > 12 * 3600 * 1000) return;
      var form = postForms(draft.action)[draft.index || 0];
      if (form) restore(form, draft);
    });
  }

  // --- select all ------------------------------------------------------------------------------
  var selectAllText = document.getElementById("select-all-text");
  document.querySelectorAll("fieldset ul.checkbox-list").forEach(function (list) {
    // A picker's list grows and shrinks as one searches: count its boxes at each click.
    var picked = list.parentNode.querySelector(".picker-search");
    if ((list.querySelectorAll("input[type=checkbox]").length < 4 && !picked) || !selectAllText) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-small select-all";
    button.textContent = selectAllText.textContent;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var boxes = Array.prototype.filter.call(list.querySelectorAll("input[type=checkbox]"), function (b) {
        return !(b.closest("li") || b).hidden;
      });
      if (!boxes.length) return;
      var all = boxes.every(function (b) { return b.checked; });
      boxes.forEach(function (b) { if (!b.disabled) b.checked = !all; });
      button.setAttribute("aria-pressed", all ? "false" : "true");
      boxes[0].dispatchEvent(new Event("change", { bubbles: true }));
    });
    list.parentNode.insertBefore(button, list);
  });

  // --- after a refused form: focus the error summary -----------------------------------------
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
  // --- the session form offers only dossiers of the chosen period and body ---------------------
  document.querySelectorAll("input[data-agenda][data-period]").forEach(function (box) {
    if (box.form) box.form.dataset.agendaForm = "1";
  });
  function syncAgenda(form) {
    var period = form.querySelector("[name=period]");
    var body = form.querySelector("[name=body]");
    form.querySelectorAll("input[data-agenda][data-period]").forEach(function (box) {
      var bodies = (box.getAttribute("data-bodies") || "").split(" ");
      var fits = (!period || !period.value || box.getAttribute("data-period") === period.value) &&
        (!body || bodies.indexOf(body.value) !== -1);
      var item = box.closest("li") || box.parentNode;
      item.hidden = !fits;
      if (!fits) box.checked = false;  // the service would refuse it
    });
  }
  document.querySelectorAll("form[data-agenda-form]").forEach(function (form) {
    syncAgenda(form);
    form.addEventListener("change", function (event) {
      if (event.target.name === "period" || event.target.name === "body") syncAgenda(form);
    });
  });
})();
