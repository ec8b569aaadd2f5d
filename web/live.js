/* live.js — keeps the office page live (loket-web, docs/web.md).
 *
 * Listens to /events; each "office" event carries the version of the
 * page as it would render now.  When it differs from the version this
 * page shows, the page is fetched again (at most once a second) and its
 * <main> put in place, so a phone keeps its scroll position.  Without
 * JavaScript the page refreshes itself instead (<noscript> in <head>).
 * Same origin only: the Content-Security-Policy allows nothing else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
(function () {
  "use strict";
  var root = document.documentElement;
  if (!window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }
  root.setAttribute("data-live", "connecting");

  var pending = null;
  var latest = null;

  function shown() {
    var main = document.getElementById("office");
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
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("office");
        var main = document.getElementById("office");
        if (fresh && main) {
          main.parentNode.replaceChild(document.importNode(fresh, true), main);
        }
      })
      .catch(function () { root.setAttribute("data-live", "stale"); });
  }

  var events = new EventSource("/events");
  events.addEventListener("office", function (event) {
    latest = event.data;
    if (pending === null && latest !== shown()) {
      pending = window.setTimeout(refresh, 1000);
    }
  });
  events.onopen = function () { root.setAttribute("data-live", "open"); };
  events.onerror = function () { root.setAttribute("data-live", "stale"); };
})();
