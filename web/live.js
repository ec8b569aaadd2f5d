/* live.js — keeps a page of loket-web live (docs/web.md): the office
 * page and a citizen's ticket page.
 *
 * The page's <main> names its stream (data-events), the event to listen
 * for (data-event: "office" or "ticket") and the state it shows
 * (data-version).  Each event carries the state as it is now; when it
 * differs from the one this page shows, the page is fetched again (at
 * most once a second) and its <main> put in place, so a phone keeps its
 * scroll position.  Without JavaScript the page refreshes itself instead
 * (<noscript> in <head>).  Same origin only: the Content-Security-Policy
 * allows nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
(function () {
  "use strict";
  var root = document.documentElement;
  var first = document.querySelector("main[data-events]");
  if (!first || !window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }
  var id = first.id;
  var kind = first.getAttribute("data-event");
  root.setAttribute("data-live", "connecting");

  var pending = null;
  var latest = null;

  function shown() {
    var main = document.getElementById(id);
    return main ? main.getAttribute("data-version") : null;
  }

  function refresh() {
    pending = null;
    if (latest === null || latest === shown()) {
      return;
    }
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) {
          return;
        }
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById(id);
        var main = document.getElementById(id);
        if (fresh && main) {
          main.parentNode.replaceChild(document.importNode(fresh, true), main);
        }
      })
      .catch(function () { root.setAttribute("data-live", "stale"); });
  }

  var events = new EventSource(first.getAttribute("data-events"));
  events.addEventListener(kind, function (event) {
    latest = event.data;
    if (pending === null && latest !== shown()) {
      pending = window.setTimeout(refresh, 1000);
    }
  });
  events.onopen = function () { root.setAttribute("data-live", "open"); };
  events.onerror = function () { root.setAttribute("data-live", "stale"); };
})();
