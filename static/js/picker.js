/* Pickers that scale: a search box beside a short <select> or checkbox list becomes a
 * combobox (WAI-ARIA 1.2 pattern: input role=combobox + listbox) fed by the server
 * as one types. Without scripts the box and its "Tìm" button search through the form
 * itself (the page comes back with the matches), so nothing here is required.
 *
 * Markup (templates/includes/picker_search.html):
 *   <div class="picker-search" data-picker-for="id_field" data-picker-url="/pickers/…/"
 *        data-picker-depends="period body" data-picker-multiple="1" data-text-…>
 *     <label for="id_field_q">…</label><input type="search" id="id_field_q"> <button>Tìm</button>
 *   </div>
 * The endpoint answers {"results": [{"value": "12", "label": "…"}], "more": false}. */
(function () {
  "use strict";

  var DELAY = 250;  // ms after the last key: one request per pause, not per letter
  var counter = 0;

  function format(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (_, key) { return values[key] == null ? "" : values[key]; });
  }

  function Picker(block) {
    this.block = block;
    this.form = block.closest("form");
    this.input = block.querySelector("input[type=search]");
    this.multiple = block.getAttribute("data-picker-multiple") === "1";
    this.fieldId = block.getAttribute("data-picker-for");
    this.field = block.closest(".field");
    this.select = this.multiple ? null : document.getElementById(this.fieldId);
    this.list = this.multiple && this.field ? this.field.querySelector("ul.checkbox-list") : null;
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = 0;
    this.cache = {};
    if (!this.input || (!this.select && !this.list)) return;
    this.build();
  }

  Picker.prototype.build = function () {
    var self = this;
    var id = "picker-" + (++counter);
    var button = this.block.querySelector(".picker-go");
    // Gone, not hidden: Enter in another field must reach the form's own submit button,
    // which a hidden "Tìm" placed before it would otherwise stand in for.
    if (button) button.remove();
    this.block.querySelectorAll(".picker-more").forEach(function (note) { note.hidden = true; });

    this.listbox = document.createElement("ul");
    this.listbox.id = id + "-list";
    this.listbox.className = "picker-list";
    this.listbox.setAttribute("role", "listbox");
    this.listbox.setAttribute("aria-label", this.block.querySelector("label").textContent);
    this.listbox.hidden = true;
    this.status = document.createElement("p");
    this.status.className = "help picker-status";
    this.status.setAttribute("role", "status");
    this.block.appendChild(this.listbox);
    this.block.appendChild(this.status);

    var input = this.input;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.listbox.id);

    if (this.select) {
      // One choice: the box shows it and stands for the hidden <select> (label, help, errors).
      var label = this.field && this.field.querySelector("label[for='" + this.fieldId + "']");
      var own = this.block.querySelector("label");
      var described = [];
      if (label) {
        // The field's own label names the box; the search hint becomes its description.
        label.setAttribute("for", input.id);
        own.removeAttribute("for");
        own.id = own.id || id + "-hint";
        own.classList.add("visually-hidden");
        input.setAttribute("placeholder", own.textContent.trim());
        described.push(own.id);
      }
      var more = this.select.getAttribute("aria-describedby");
      if (more) described.push(more);
      if (described.length) input.setAttribute("aria-describedby", described.join(" "));
      if (this.select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
      this.select.hidden = true;
      this.select.setAttribute("tabindex", "-1");
      var chosen = this.select.options[this.select.selectedIndex];
      if (chosen && chosen.value && !input.value) input.value = chosen.text;
    }

    input.addEventListener("input", function () { self.schedule(); });
    input.addEventListener("keydown", function (event) { self.key(event); });
    input.addEventListener("focus", function () { if (!input.value) self.schedule(); });
    input.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 150); });
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.choose(Number(option.getAttribute("data-index")));
    });
    if (this.form) {
      this.form.addEventListener("change", function (event) {
        var depends = (self.block.getAttribute("data-picker-depends") || "").split(" ");
        if (!event.target.name || depends.indexOf(event.target.name) === -1) return;
        self.cache = {};
        if (self.list) self.refreshOffer();
      });
    }
  };

  Picker.prototype.url = function () {
    var params = new URLSearchParams();
    params.set("q", this.input.value.trim());
    var form = this.form;
    (this.block.getAttribute("data-picker-depends") || "").split(" ").forEach(function (name) {
      if (!name || !form) return;
      var el = form.querySelector("[name='" + name + "']:checked") || form.querySelector("select[name='" + name + "'], input[name='" + name + "']:not([type=radio])");
      if (el && el.value) params.set(name, el.value);
    });
    Array.prototype.forEach.call(this.block.attributes, function (attr) {
      var match = /^data-picker-(session)$/.exec(attr.name);
      if (match) params.set(match[1], attr.value);
    });
    return this.block.getAttribute("data-picker-url") + "?" + params.toString();
  };

  // A list's unticked offers follow the period or body just chosen (the ticked ones stay,
  // and the server refuses any that no longer fit, naming them).
  Picker.prototype.refreshOffer = function () {
    var self = this;
    var typed = this.input.value;
    this.input.value = "";
    var url = this.url();
    this.input.value = typed;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        self.list.querySelectorAll("li").forEach(function (li) {
          var box = li.querySelector("input[type=checkbox]");
          if (!box || !box.checked) li.remove();
        });
        (data.results || []).forEach(function (row) { self.check(row, false); });
        if (!self.list.querySelector("li")) {
          var empty = document.createElement("li");
          empty.className = "empty";
          empty.textContent = self.block.getAttribute("data-text-none");
          self.list.appendChild(empty);
        }
      })
      .catch(function () { /* the list stays as it was */ });
  };

  Picker.prototype.schedule = function () {
    var self = this;
    if (this.select && !this.input.value.trim()) {
      this.select.value = "";  // an emptied box clears the choice
    }
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.fetch(); }, DELAY);
  };

  Picker.prototype.fetch = function () {
    var self = this;
    var url = this.url();
    var ticket = ++this.request;
    if (this.cache[url]) { this.show(this.cache[url]); return; }
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) {
        self.cache[url] = data;
        if (ticket === self.request) self.show(data);  // an older answer never overwrites a newer one
      })
      .catch(function () { self.close(); });
  };

  Picker.prototype.show = function (data) {
    var self = this;
    this.results = data.results || [];
    this.active = -1;
    this.listbox.textContent = "";
    this.results.forEach(function (row, index) {
      var li = document.createElement("li");
      li.id = self.listbox.id + "-" + index;
      li.setAttribute("role", "option");
      li.setAttribute("data-index", String(index));
      li.setAttribute("aria-selected", "false");
      li.textContent = row.label;
      self.listbox.appendChild(li);
    });
    var text = this.results.length
      ? format(this.block.getAttribute("data-text-count"), { n: this.results.length }) +
        (data.more ? " " + this.block.getAttribute("data-text-more") : "")
      : this.block.getAttribute("data-text-none");
    this.status.textContent = text;
    // A listbox holds options only: "nothing found" is said by the status line alone.
    this.listbox.hidden = !this.results.length;
    this.input.setAttribute("aria-expanded", this.results.length ? "true" : "false");
  };

  Picker.prototype.close = function () {
    if (!this.listbox) return;
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Picker.prototype.move = function (step) {
    if (!this.results.length) return;
    if (this.listbox.hidden) { this.listbox.hidden = false; this.input.setAttribute("aria-expanded", "true"); }
    var options = this.listbox.querySelectorAll("[role=option]");
    if (this.active >= 0) options[this.active].setAttribute("aria-selected", "false");
    this.active = (this.active + step + options.length) % options.length;
    var option = options[this.active];
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.key = function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); if (this.listbox.hidden && !this.results.length) this.fetch(); else this.move(1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); this.move(-1); }
    else if (event.key === "Enter") {
      // Enter picks the highlighted option; it never submits the form from the box.
      event.preventDefault();
      if (this.active >= 0) this.choose(this.active);
      else if (this.results.length === 1) this.choose(0);
    } else if (event.key === "Escape") {
      if (!this.listbox.hidden) { event.preventDefault(); this.close(); }
    }
  };

  Picker.prototype.choose = function (index) {
    var row = this.results[index];
    if (!row) return;
    if (this.select) {
      var option = Array.prototype.find.call(this.select.options, function (o) { return o.value === row.value; });
      if (!option) {
        option = new Option(row.label, row.value);
        this.select.appendChild(option);
      }
      this.select.value = row.value;
      this.input.value = row.label;
      this.select.dispatchEvent(new Event("change", { bubbles: true }));
    } else {
      this.check(row);
      this.input.value = "";
    }
    this.status.textContent = format(this.block.getAttribute("data-text-added"), { label: row.label });
    this.close();
  };

  Picker.prototype.check = function (row, tick) {
    var name = this.fieldId.replace(/^id_/, "");
    var box = this.list.querySelector("input[type=checkbox][value='" + row.value + "']");
    if (!box) {
      var empty = this.list.querySelector("li.empty");
      if (empty) empty.remove();
      var li = document.createElement("li");
      var label = document.createElement("label");
      box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = row.value;
      box.id = this.fieldId + "_p" + row.value;
      label.setAttribute("for", box.id);
      var span = document.createElement("span");
      span.textContent = row.label;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(span);
      li.appendChild(label);
      if (tick === false) this.list.appendChild(li);
      else this.list.insertBefore(li, this.list.firstChild);
    }
    if (tick === false) return;
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  };

  document.querySelectorAll(".picker-search[data-picker-url]").forEach(function (block) {
    new Picker(block);
  });
})();
