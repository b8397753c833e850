/* The booking form (validation/validation_book.html), progressively enhanced.
 *
 * - The participant is found by typing: the text is POSTed (with the CSRF token, so a typed
 *   personal identity number never lands in a URL or an access log) to the scoped search
 *   endpoint, which answers with at most 20 matches. They are shown as a listbox the keyboard
 *   can walk (arrow keys, Enter, Escape); the count is announced through an aria-live region.
 *   Choosing one puts it in the participant select and picks the test centre its company is
 *   assigned to. Without JavaScript the Search button does the same through the server.
 * - Levels follow the chosen model, assessors the chosen centre, and a model the centre is not
 *   accredited for is not offered. The server checks all of it again when the form is sent.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-booking-form]");
  if (!form) return;

  function field(name) {
    return form.elements.namedItem(name);
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key];
    });
  }

  // --- Dependent selects -------------------------------------------------------------

  function offerOnly(select, fits) {
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;
      var ok = fits(option);
      option.hidden = !ok;
      option.disabled = !ok;
      if (!ok && option.selected) select.value = "";
    });
  }

  var centre = field("centre");
  var model = field("model");
  var level = field("level");
  var assessor = field("assessor");

  function followCentre() {
    var chosen = centre.value;
    offerOnly(model, function (option) {
      return !chosen || (option.dataset.centres || "").split(" ").indexOf(chosen) !== -1;
    });
    offerOnly(assessor, function (option) {
      return !chosen || option.dataset.centre === chosen;
    });
    followModel();
  }

  function followModel() {
    var chosen = model.value;
    offerOnly(level, function (option) {
      return !chosen || option.dataset.model === chosen;
    });
  }

  centre.addEventListener("change", followCentre);
  model.addEventListener("change", followModel);
  followCentre();

  // --- Participant search ------------------------------------------------------------

  var box = form.querySelector("[data-participant-search]");
  if (!box || !window.fetch) return;
  var input = document.getElementById(box.dataset.input);
  var select = document.getElementById(box.dataset.select);
  var list = document.getElementById(box.dataset.results);
  var status = document.getElementById(box.dataset.status);
  var button = box.querySelector("[data-search-button]");
  var token = field("csrfmiddlewaretoken").value;
  var timer = null;
  var asked = 0;
  var active = -1;

  // The server round trip is not needed any more; removed rather than hidden, so that Enter
  // in the other fields books instead of searching.
  if (button) button.remove();
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  function say(text) {
    status.textContent = text;
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function items() {
    return list.querySelectorAll("[role=option]");
  }

  function highlight(index) {
    var options = items();
    if (!options.length) return;
    active = (index + options.length) % options.length;
    Array.prototype.forEach.call(options, function (option, i) {
      var on = i === active;
      option.classList.toggle("active", on);
      option.setAttribute("aria-selected", on ? "true" : "false");
      if (on) {
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      }
    });
  }

  function choose(result) {
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === String(result.id);
    });
    if (!option) {
      option = new Option(result.label, result.id);
      select.add(option);
    }
    option.dataset.centre = result.centre || "";
    select.value = String(result.id);
    select.dispatchEvent(new Event("change", { bubbles: true }));
    if (result.centre && centre.querySelector('option[value="' + result.centre + '"]')) {
      centre.value = String(result.centre);
      followCentre();
    }
    close();
    say(format(box.dataset.textChosen, { name: result.label }));
    select.focus();
  }

  function show(data) {
    close();
    var results = data.results;
    if (!results.length) {
      say(box.dataset.textNone);
      return;
    }
    results.forEach(function (result, i) {
      var item = document.createElement("li");
      item.id = "participant-result-" + i;
      item.className = "list-group-item list-group-item-action";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.textContent = result.label;
      item.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keeps the focus in the input until chosen
        choose(result);
      });
      list.appendChild(item);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    var text = format(box.dataset.textSome, { count: results.length });
    if (results.length >= data.limit) text += " " + format(box.dataset.textMore, { count: data.limit });
    say(text);
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 2) {
      close();
      say(query ? box.dataset.textShort : "");
      return;
    }
    var body = new FormData();
    body.append("q", query);
    body.append("bookable", "1");
    var mine = ++asked;
    fetch(box.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        if (mine === asked) show(data); // an older answer arriving late is dropped
      })
      .catch(function () {
        if (mine === asked) say(box.dataset.textFailed);
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (open) highlight(active + 1);
      else search();
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault(); // Enter here chooses or searches, never sends the booking
      if (open && active >= 0) items()[active].dispatchEvent(new Event("mousedown"));
      else {
        clearTimeout(timer);
        search();
      }
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", function () {
    setTimeout(close, 150);
  });
})();
