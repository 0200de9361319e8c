/* Form helpers; every form works without them.
   - A multi-select becomes a filter box over a list of checkboxes, the choices shown above.
   - A time zone the server only guessed becomes the browser's own.
   - The agenda editor adds and removes session rows in the page instead of reloading it. */
(() => {
  "use strict";
  const words = document.currentScript.dataset;
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const make = (tag, props) => Object.assign(document.createElement(tag), props);

  function multiselect(select) {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = make("div", { className: "ms" });
    const chosen = make("ul", { className: "ms-chosen" });
    const search = make("input", { type: "search", id: `${select.id}-filter`, className: "ms-filter" });
    const list = make("div", { className: "ms-list", role: "group" });
    search.placeholder = words.filter;
    search.setAttribute("autocomplete", "off");
    if (label) {
      label.htmlFor = search.id;
      list.setAttribute("aria-label", label.textContent);
    }
    const boxes = [...select.options].map((option) => {
      const check = make("input", { type: "checkbox", checked: option.selected });
      const item = make("label", { className: "ms-item" });
      item.append(check, " ", option.textContent);
      if (option.lang) item.lang = option.lang;
      check.addEventListener("change", () => { option.selected = check.checked; show(); });
      list.append(item);
      return { option, check, item, text: fold(option.textContent) };
    });
    function show() {
      chosen.replaceChildren(...boxes.filter((b) => b.option.selected).map((b) => {
        const drop = make("button", { type: "button", textContent: `${b.option.textContent} ×` });
        drop.setAttribute("aria-label", words.remove.replace("{name}", b.option.textContent));
        drop.addEventListener("click", () => { b.option.selected = b.check.checked = false; show(); search.focus(); });
        const item = make("li");
        item.append(drop);
        return item;
      }));
    }
    search.addEventListener("input", () => {
      const wanted = fold(search.value.trim());
      boxes.forEach((b) => { b.item.hidden = !b.text.includes(wanted); });
    });
    select.hidden = true;
    box.append(chosen, search, list);
    select.after(box);
    show();
  }

  function guessZone(select) {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && [...select.options].some((o) => o.value === zone)) select.value = zone;
  }

  function agenda(editor) {
    const rows = () => [...editor.querySelectorAll("[data-agenda-row]")];
    const index = (row) => Number(row.querySelector("[data-agenda-remove]").value);
    const renumber = () => rows().forEach((row, i) => {
      row.querySelector("legend").textContent = editor.dataset.rowLabel.replace("{n}", i + 1);
    });
    function add() {
      const last = rows().at(-1);
      const next = Math.max(...rows().map(index)) + 1;
      const row = last.cloneNode(true);
      const from = `-${index(last)}-`, to = `-${next}-`;
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((el) => {
        for (const attr of ["name", "id", "for", "aria-describedby"]) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, el.getAttribute(attr).replace(from, to));
        }
      });
      row.querySelectorAll("input").forEach((input) => { input.value = ""; input.removeAttribute("aria-invalid"); });
      row.querySelectorAll(".errors").forEach((el) => el.remove());
      row.querySelector("[data-agenda-remove]").value = next;
      last.after(row);
      renumber();
      row.querySelector("input").focus();
    }
    editor.addEventListener("click", (event) => {
      const button = event.target.closest("[data-agenda-add], [data-agenda-remove]");
      if (!button) return;
      event.preventDefault();
      if (button.hasAttribute("data-agenda-add")) return add();
      if (rows().length === 1) add();
      button.closest("[data-agenda-row]").remove();
      renumber();
      editor.querySelector("[data-agenda-add]").focus();
    });
  }

  document.querySelectorAll("select[multiple]").forEach(multiselect);
  document.querySelectorAll("select[data-zone-guess]").forEach(guessZone);
  document.querySelectorAll("[data-agenda]").forEach(agenda);
})();
