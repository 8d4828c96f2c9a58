import { createHash } from 'node:crypto'

/**
 * The first-party site script served at `/t.js` (docs/links.md, "The site
 * script"). Plain ES5-era browser JavaScript with no dependencies, kept here as
 * text so it is served as written. It:
 * - keeps the `mm` click id Murmur appended to the landing address in a
 *   first-party cookie (30 days), so later pages and the business's own server
 *   can still see which click brought the visitor;
 * - reports a page view on load (and on `murmur.pageview()` for single-page apps);
 * - `murmur.convert({ kind, value, currency, email, order_id })` reports a lead or a sale;
 * - `murmur.share()` answers the visitor's own share link (a child of the one they came through).
 * Requests are `text/plain` POSTs, so browsers send them without a CORS preflight.
 */
const SOURCE = String.raw`/* Murmur site script: docs/links.md */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var key = script.getAttribute('data-key') || '';
  var origin = new URL(script.src).origin;
  var endpoint = origin + '/t/' + encodeURIComponent(key) + '/';
  var COOKIE = 'murmur_mm';
  var CLICK_ID = /^[0-9a-hjkmnp-tv-z]{18}$/;

  function readCookie() {
    var match = document.cookie.match(/(?:^|;\s*)murmur_mm=([^;]*)/);
    return match && CLICK_ID.test(match[1]) ? match[1] : null;
  }
  function keep(id) {
    document.cookie = COOKIE + '=' + id + '; max-age=2592000; path=/; samesite=lax' +
      (location.protocol === 'https:' ? '; secure' : '');
  }
  var search = new URLSearchParams(location.search);
  var landed = search.get('mm');
  if (landed && CLICK_ID.test(landed)) keep(landed);
  function clickId() { return readCookie() || (landed && CLICK_ID.test(landed) ? landed : null); }
  // A share link passed on as the site's own address (?ref=CODE): the visit is recorded against
  // that share link, and its click id is kept like one from the redirect (docs/word-of-mouth.md).
  var ref = search.get('ref');
  var arrival = Promise.resolve();
  if (!(landed && CLICK_ID.test(landed)) && ref && /^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/.test(ref)) {
    arrival = fetch(origin + '/s/' + encodeURIComponent(ref) + '/visit', {
      method: 'POST', credentials: 'omit', keepalive: true
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) {
        if (answer && CLICK_ID.test(answer.click_id)) { landed = answer.click_id; keep(landed); }
      }, function () {});
  }

  function eventId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function send(path, body) {
    return fetch(endpoint + path, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      credentials: 'omit',
      keepalive: true
    }).then(function (response) {
      return response.text().then(function (text) {
        var answer = null;
        try { answer = text ? JSON.parse(text) : null; } catch (e) { answer = null; }
        if (!response.ok) {
          var message = answer && answer.error ? answer.error.message : 'Murmur answered ' + response.status;
          var error = new Error(message);
          error.status = response.status;
          error.details = answer && answer.error ? answer.error.details : null;
          throw error;
        }
        return answer;
      });
    });
  }

  function pageview() {
    return arrival.then(function () {
      return send('pageview', {
        path: location.pathname,
        referrer: document.referrer || null,
        mm: clickId()
      });
    }).catch(function () { return null; });
  }

  function convert(event) {
    event = event || {};
    var body = {
      kind: event.kind,
      value: event.value,
      currency: event.currency,
      email: event.email,
      order_id: event.order_id,
      event_id: event.event_id || eventId()
    };
    return arrival.then(function () {
      body.mm = clickId();
      // One retry after a network failure, with the same event id: Murmur counts it once.
      return send('convert', body).catch(function (error) {
        if (error.status) throw error;
        return send('convert', body);
      });
    });
  }

  function share() {
    return arrival.then(function () {
      var id = clickId();
      if (!id) return null;
      return send('share', { mm: id }).then(function (answer) { return answer ? answer.short_url : null; });
    });
  }

  var queued = window.murmur && window.murmur.q ? window.murmur.q : [];
  var api = { pageview: pageview, convert: convert, share: share, clickId: clickId, version: 1 };
  window.murmur = api;
  for (var i = 0; i < queued.length; i++) {
    var call = queued[i];
    if (call && typeof api[call[0]] === 'function') api[call[0]].apply(null, call[1] || []);
  }
  if (script.getAttribute('data-pageview') !== 'off') pageview();
})();
`

export const SITE_SCRIPT = SOURCE
/** A strong validator: the script changes only with Murmur's version. */
export const SITE_SCRIPT_ETAG = `"${createHash('sha256').update(SOURCE).digest('base64url').slice(0, 16)}"`
