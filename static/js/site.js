/*
 * Lanzarote portal – small progressive enhancements. Everything works without this file.
 * Loaded with `defer`; no inline scripts (the Content-Security-Policy forbids them).
 */
(function () {
  "use strict";

  /* Quick exit: leave without leaving this page in the back-button history. */
  var exitLink = document.querySelector("[data-quick-exit]");
  var exiting = false;

  function quickExit(event) {
    if (event) {
      event.preventDefault();
    }
    if (exiting || !exitLink) {
      return;
    }
    exiting = true;
    var target = exitLink.href;
    try {
      /* Like the link's rel="noreferrer": do not tell the next site where the visitor was. */
      var meta = document.createElement("meta");
      meta.name = "referrer";
      meta.content = "no-referrer";
      document.head.appendChild(meta);
      document.title = "";
      document.body.innerHTML = "";
    } catch (e) {
      /* Clearing the page is a nicety; leaving is what matters. */
    }
    window.location.replace(target);
  }

  if (exitLink) {
    exitLink.addEventListener("click", quickExit);

    /* Pressing Escape twice within a second leaves too. */
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") {
        return;
      }
      var now = Date.now();
      if (now - lastEscape < 1000) {
        quickExit(event);
      } else {
        lastEscape = now;
      }
    });
  }

  /* Error summary: move focus to it so keyboard and screen-reader users start there. */
  var summary = document.querySelector(".error-summary[tabindex='-1']");
  if (summary) {
    summary.focus();
    /* Its links focus the field itself and keep its label in view. */
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link) {
        return;
      }
      var id = decodeURIComponent(link.getAttribute("href").slice(1));
      var input = id && document.getElementById(id);
      if (!input) {
        return;
      }
      event.preventDefault();
      var wrapper = input.closest(".field") || input;
      wrapper.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  /* Directory filters: folded on phones unless something in them needs attention. */
  var filters = document.querySelector("details.filters");
  if (filters && window.matchMedia && window.matchMedia("(max-width: 59.99em)").matches) {
    if (!filters.querySelector(".error-summary")) {
      filters.open = false;
    }
  }

  /* Organisation fields (stakeholders/widgets.py): as one types a name, the directory's
     organisations that match are offered in a datalist; picking one whose name is shown
     once fills the hidden id, so the server need not look the name up again. Without this,
     the server reads the name typed and offers choices when it is not enough. */
  function organisationField(input) {
    var hidden = document.getElementById(input.id + "_pk");
    if (!hidden || !window.fetch || !window.JSON) {
      return;
    }
    var list = document.createElement("datalist");
    list.id = input.id + "_list";
    input.parentNode.insertBefore(list, input.nextSibling);
    input.setAttribute("list", list.id);
    var known = {};
    known[input.value.trim()] = hidden.value ? [hidden.value] : [];
    var choiceName = input.name.replace(/_name$/, "_choice");
    var choices = input.parentNode.querySelectorAll("input[name='" + choiceName + "']");
    var timer = null;
    var asked = "";

    function show(text, results) {
      if (text !== asked) {
        return;
      }
      list.textContent = "";
      results.forEach(function (result) {
        var ids = known[result.label] || [];
        if (ids.indexOf(String(result.id)) < 0) {
          ids.push(String(result.id));
        }
        known[result.label] = ids;
        var option = document.createElement("option");
        option.value = result.label;
        /* Some browsers show only the label: the name and where the organisation is. */
        option.label = result.label + " — " + result.where;
        list.appendChild(option);
      });
      pick();
    }

    function pick() {
      var ids = known[input.value.trim()];
      /* Two organisations of the same name: the server asks which one. */
      hidden.value = ids && ids.length === 1 ? ids[0] : "";
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < 2 || text === asked) {
        return;
      }
      asked = text;
      var url = input.getAttribute("data-organisation-search") + "?q=" + encodeURIComponent(text);
      window
        .fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          show(text, data.results || []);
        })
        .catch(function () {
          /* No suggestions: the name typed is read by the server. Ask again next time. */
          asked = "";
        });
    }

    input.addEventListener("input", function () {
      /* Another name typed: the choice offered for the former one no longer holds. */
      Array.prototype.forEach.call(choices, function (choice) {
        choice.checked = false;
      });
      pick();
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 200);
    });
  }
  Array.prototype.forEach.call(
    document.querySelectorAll("input[data-organisation-search]"),
    organisationField
  );
})();
