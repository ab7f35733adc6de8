// Klientdelegering: the little behaviour htmx does not give us. No inline scripts
// anywhere (CSP), everything works without this file, and nothing here holds state.
(function () {
  "use strict";

  var opener = null;

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
      return el.getClientRects().length > 0;
    });
  }

  // Keep Tab inside an open dialog: after the last control comes the first, and Shift+Tab
  // from the first goes to the last. (showModal makes the page inert, but Chromium lets
  // Tab leave the dialog for the browser's own controls and the document.)
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    var dialog = document.querySelector("dialog[open]");
    if (!dialog) return;
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
        dialog.close();
      }
    }
  });

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
      if (error) {
        error.focus();
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
  // is put into its live region again once the page has loaded: a live region's first
  // text is not announced, a change is.
  function announceFlash() {
    var flash = document.querySelector(".flash[role=status]");
    if (!flash) return;
    var content = flash.innerHTML;
    flash.style.minHeight = flash.offsetHeight + "px";
    flash.innerHTML = "";
    window.setTimeout(function () {
      flash.innerHTML = content;
      flash.setAttribute("data-announced", "true");
    }, 150);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", announceFlash);
  } else {
    announceFlash();
  }

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
    var text = "Noe gikk galt. Prøv igjen.";
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
    box.textContent = "Fikk ikke kontakt med tjenesten. Sjekk nettforbindelsen og prøv igjen.";
    box.hidden = false;
  });
})();
