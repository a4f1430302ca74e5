/* The print profile page's live preview: re-render the PNG (server side) when the
 * paper, scaling, offsets or chosen layout change; show the server's reason when
 * the values are refused (e.g. a line would fall off the sheet). No dependencies. */
(function () {
  "use strict";
  var figure = document.querySelector("[data-preview-url]");
  if (!figure) return;
  var form = document.getElementById(figure.getAttribute("data-preview-form"));
  var image = figure.querySelector("[data-preview-image]");
  var error = figure.querySelector("[data-preview-error]");
  var layout = document.querySelector("[data-preview-layout]");
  var link = figure.querySelector("[data-preview-link]");
  var timer = null;
  var current = null;

  function value(name) {
    var checked = form.querySelector("[name=" + name + "]:checked");
    if (checked) return checked.value;
    var field = form.querySelector("[name=" + name + "]");
    return field && field.type !== "radio" ? field.value : "";
  }

  function refresh() {
    var params = new URLSearchParams({ layout: layout.value });
    ["paper", "width_mm", "height_mm", "offset_x_mm", "offset_y_mm"].forEach(function (name) {
      var v = value(name);
      if (v !== "") params.set(name, v.replace(",", "."));
    });
    var scaling = value("scaling_" + layout.value);
    if (scaling) params.set("scaling", scaling);
    var url = figure.getAttribute("data-preview-url") + "?" + params.toString();
    current = url;
    if (link) link.href = url;
    fetch(url, { credentials: "same-origin" })
      .then(function (r) {
        if (r.ok) return r.blob().then(function (blob) { return { blob: blob }; });
        return r.json().then(function (body) { return { errors: body.errors || [] }; });
      })
      .then(function (result) {
        if (url !== current) return;
        if (result.blob) {
          if (image.src.indexOf("blob:") === 0) URL.revokeObjectURL(image.src);
          image.src = URL.createObjectURL(result.blob);
          error.hidden = true;
        } else {
          error.textContent = result.errors.join(" ");
          error.hidden = false;
        }
      })
      .catch(function () {});
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  layout.addEventListener("change", refresh);
})();
