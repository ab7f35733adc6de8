// Klientdelegering: the little behaviour htmx does not give us. No inline scripts
// anywhere (CSP), everything works without this file, and nothing here holds state.
(function () {
  "use strict";

  var opener = null;
  // Whether the latest request was for another page of a list.
  var paged = false;

  // Record Content-Security-Policy violations where the end-to-end tests can see them.
  document.addEventListener("securitypolicyviolation", function (event) {
    document.documentElement.setAttribute("data-csp-violation", event.violatedDirective);
  });

  // htmx sends the session's CSRF token with every request it makes.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector("meta[name='csrf-token']");
    if (meta) event.detail.headers["X-CSRF-Token"] = meta.content;
  });

  // A dialog fetched by htmx opens itself as a modal and takes focus.
  function openDialogs(root) {
    var dialogs = (root || document).querySelectorAll("dialog[data-auto-open]:not([open])");
    dialogs.forEach(function (dialog) {
      dialog.addEventListener("close", function () {
        dialog.remove();
        if (opener && document.body.contains(opener)) opener.focus();
      });
      dialog.showModal();
      var first = dialog.querySelector("[data-autofocus]") ||
        dialog.querySelector("input:not([type=hidden]), button, a[href]");
      if (first) first.focus();
    });
  }

  // What can take focus in a dialog, in order: the visible, enabled controls.
  function focusables(dialog) {
    var selector = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), " +
      "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";
    return Array.prototype.filter.call(dialog.querySelectorAll(selector), function (el) {
      // Shown, and not in a closed <details> (whose content has boxes but takes no focus).
      return el.getClientRects().length > 0 && !el.closest("details:not([open]) > :not(summary)");
    });
  }

  // Keep Tab inside an open dialog: after the last control comes the first, and Shift+Tab
  // from the first goes to the last. (showModal makes the page inert, but Chromium lets
  // Tab leave the dialog for the browser's own controls and the document.)
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    var open = document.querySelectorAll("dialog[open]");
    if (open.length === 0) return;
    var dialog = open[open.length - 1];
    var items = focusables(dialog);
    if (items.length === 0) return;
    var first = items[0];
    var last = items[items.length - 1];
    var active = document.activeElement;
    if (!dialog.contains(active) || active === dialog) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  });

  document.addEventListener("click", function (event) {
    var trigger = event.target.closest("[hx-target='#dialogplass']");
    if (trigger) opener = trigger;
    var close = event.target.closest("[data-close-dialog]");
    if (close) {
      var dialog = close.closest("dialog");
      if (dialog) {
        event.preventDefault();
        closeOrAsk(dialog);
      }
    }
    var discard = event.target.closest("[data-discard]");
    if (discard) {
      var question = discard.closest("dialog");
      var outer = question && question.parentElement.closest("dialog");
      question.close();
      if (outer) outer.close();
    }
    // *Tøm søket* empties the search field too (it stands outside the list htmx redraws).
    var clear = event.target.closest("[data-clear-search]");
    if (clear) {
      var field = document.getElementById(clear.getAttribute("data-clear-search"));
      if (field) field.value = "";
    }
  }, true);

  // A dialog with something unsaved in it (a selection of clients) asks before it closes
  // ("Forkaste 2 valgte kunder?"): the question is a dialog of its own inside it, drawn
  // with the selection, so it is there exactly when there is something to lose.
  function closeOrAsk(dialog) {
    var question = dialog.querySelector("dialog[data-discard-question]");
    if (question && !question.open) {
      question.showModal();
      var first = question.querySelector("[data-autofocus]");
      if (first) first.focus();
      return;
    }
    dialog.close();
  }

  // Escape asks the same question as ✕ and *Avbryt*.
  document.addEventListener("cancel", function (event) {
    var dialog = event.target;
    if (dialog.tagName !== "DIALOG" || dialog.hasAttribute("data-discard-question")) return;
    var question = dialog.querySelector("dialog[data-discard-question]");
    if (question && !question.open) {
      event.preventDefault();
      closeOrAsk(dialog);
    }
  }, true);

  // Content htmx swapped in that says what came of it (data-announce, such as the number
  // of events Historikk's filter found) is read out through the page's live region: a
  // live region that arrives with the new content is not reliably announced.
  function announceSwapped(root) {
    var region = document.getElementById("kunngjoring");
    if (!region || !root.querySelector) return;
    var said = root.matches("[data-announce]") ? root : root.querySelector("[data-announce]");
    if (!said) return;
    var text = said.textContent.replace(/\s+/g, " ").trim();
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    openDialogs(event.target);
    announceSwapped(event.target);
    // After the client list is redrawn: show an error summary to the user, or, if the
    // control that had focus is gone (such as "Velg alle"), put focus on the summary.
    if (event.target.id === "kundevalg") {
      announceListStatus(event.target);
      var error = document.getElementById("kundevalg-feil");
      var active = document.activeElement;
      var focusLost = !active || !active.isConnected || active === document.body ||
        active.tagName === "DIALOG" || active.tagName === "FORM";
      var list = document.getElementById("kundeliste");
      if (error) {
        error.focus();
      } else if (paged && list) {
        // Another page: its first row at the top, and focus on the list, whose name says
        // which page this is.
        list.scrollIntoView({ block: "start" });
        list.focus({ preventScroll: true });
      } else if (focusLost) {
        var summary = document.getElementById("utvalg");
        if (summary) summary.focus();
      }
    }
  });

  // After a search (or "hide added") in the dialog, say how many clients the list shows,
  // but only when that changed, so ticking a box is not followed by the same sentence.
  function announceListStatus(panel) {
    var region = document.getElementById("listestatus");
    var text = panel.getAttribute("data-list-status");
    if (!region || text === null || text === region.getAttribute("data-last")) return;
    region.setAttribute("data-last", text);
    region.textContent = text;
  }

  // A message that came with the page (after a redirect, such as "2 kunder er lagt til.")
  // is read out through the page's status region once the page has loaded: a live
  // region's first text is not announced, a change is. The message itself stays as it
  // is, so it never shows empty.
  function announceFlash() {
    var flash = document.querySelector(".flash[role=status]");
    if (!flash) return;
    var text = flash.textContent.replace(/\s+/g, " ").trim();
    window.setTimeout(function () {
      say(text);
      flash.setAttribute("data-announced", "true");
    }, 150);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", announceFlash);
  } else {
    announceFlash();
  }

  // Work in progress is visible: a button that changes something carries what to say
  // while it works (data-busy, such as "Legger til 3 kunder …"). From the click until the
  // answer it shows that text, is marked aria-disabled and ignores further clicks; the
  // page's status region says it too. (Not `disabled`: the button would lose focus, and
  // a full form post would leave its name and value out.) htmx drops a second request
  // from an element whose first is still out; a plain form post would go again.
  // Without this file a second click is harmless: every change is idempotent on the
  // server.
  function setBusy(button) {
    if (!button || !button.hasAttribute("data-busy") || button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("data-idle", button.innerHTML);
    button.textContent = button.getAttribute("data-busy");
    button.insertBefore(spinner(), button.firstChild);
    button.setAttribute("aria-disabled", "true");
    button.setAttribute("aria-busy", "true");
    say(button.getAttribute("data-busy"));
  }

  function setIdle(button) {
    if (!button || !button.hasAttribute("data-idle")) return;
    button.innerHTML = button.getAttribute("data-idle");
    button.removeAttribute("data-idle");
    button.removeAttribute("aria-disabled");
    button.removeAttribute("aria-busy");
  }

  // Designsystemet's spinner, for a busy button (decoration: the text says it).
  function spinner() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "ds-spinner");
    svg.setAttribute("viewBox", "0 0 50 50");
    svg.setAttribute("aria-hidden", "true");
    ["ds-spinner__background", "ds-spinner__circle"].forEach(function (name) {
      var circle = document.createElementNS(ns, "circle");
      circle.setAttribute("class", name);
      circle.setAttribute("cx", "25");
      circle.setAttribute("cy", "25");
      circle.setAttribute("r", "20");
      circle.setAttribute("fill", "none");
      circle.setAttribute("stroke-width", "5");
      svg.appendChild(circle);
    });
    return svg;
  }

  function say(text) {
    var region = document.getElementById("kunngjoring");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // The button a request or a post came from.
  function submitterOf(event) {
    var detail = event.detail || {};
    var trigger = detail.requestConfig && detail.requestConfig.triggeringEvent;
    if (trigger && trigger.submitter) return trigger.submitter;
    var elt = detail.elt;
    return elt && elt.tagName === "BUTTON" ? elt : null;
  }

  // A click on a busy button does nothing (the first click is still being answered).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[aria-disabled='true']");
    if (button) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("htmx:beforeRequest", function (event) {
    var button = submitterOf(event);
    paged = !!button && button.name === "til_side";
    setBusy(button);
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var button = submitterOf(event);
    // A redirect follows: the button stays busy until the next page is there.
    var redirect = event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Redirect");
    if (button && !(event.detail.successful && redirect)) setIdle(button);
  });

  // A plain form post (no htmx on the form) is busy from its submit on; the text and
  // aria-disabled do not change what the form sends.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) setBusy(event.submitter);
  });

  // Back to a page kept by the browser: its buttons are idle again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    document.querySelectorAll("button[data-idle]").forEach(setIdle);
  });

  // "Select every client on the page": a box in a table's head that ticks or unticks the
  // boxes of its name in the form. Without this file it stays hidden, and rows are ticked
  // one by one.
  function showCheckAll(root) {
    (root || document).querySelectorAll("[data-check-all][hidden]").forEach(function (box) {
      box.hidden = false;
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { showCheckAll(); });
  } else {
    showCheckAll();
  }
  document.addEventListener("htmx:afterSettle", function (event) { showCheckAll(event.target); });
  document.addEventListener("change", function (event) {
    var all = event.target.closest && event.target.closest("[data-check-all]");
    if (!all || !all.form) return;
    var name = all.getAttribute("data-check-all");
    all.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      if (box.name === name) box.checked = all.checked;
    });
  });

  // A <details data-keep-open> that htmx draws again (*Vis valgte* in the list) stays as
  // the user left it.
  var keptOpen = {};
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.matches && details.matches("details[data-keep-open][id]")) {
      keptOpen[details.id] = details.open;
    }
  }, true);
  document.addEventListener("htmx:afterSettle", function (event) {
    (event.target.querySelectorAll ? event.target : document)
      .querySelectorAll("details[data-keep-open][id]").forEach(function (details) {
        if (keptOpen[details.id]) details.open = true;
      });
  });

  // A new request clears the previous request's error.
  document.addEventListener("htmx:beforeRequest", function () {
    var box = document.getElementById("varsel");
    if (box && !box.hidden) {
      box.hidden = true;
      box.textContent = "";
    }
  });

  // A failed request shows the error page's message instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("varsel");
    if (!box) return;
    var text = box.getAttribute("data-failed");
    try {
      var doc = new DOMParser().parseFromString(event.detail.xhr.responseText, "text/html");
      var message = doc.querySelector("#feilmelding");
      if (message) text = message.textContent.trim();
    } catch (e) { /* keep the generic message */ }
    // Shown first and filled a moment later, so screen readers announce the text.
    box.hidden = false;
    box.textContent = "";
    window.setTimeout(function () { box.textContent = text; }, 50);
    var dialog = document.querySelector("dialog[open]");
    if (dialog) dialog.close();
  });

  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("varsel");
    if (!box) return;
    box.textContent = box.getAttribute("data-offline");
    box.hidden = false;
  });
})();
