// Live digitisation progress on the appraisal case page (the API's server-sent events): each
// document's state tag follows the OCR; once every document is finished the page reloads to
// show the PDFs and their text — unless the specialist has started typing a decision, then a
// notice offers the reload instead, so nothing typed is lost. Without it, a manual reload works.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-events-url]');
    if (!box || !window.EventSource) return;
    var words = JSON.parse(box.getAttribute('data-words'));
    var typed = false;
    document.querySelectorAll('textarea, input[type="text"]').forEach(function (el) {
      el.addEventListener('input', function () { typed = true; });
    });
    var states = {};
    box.querySelectorAll('[data-doc-id]').forEach(function (el) { states[el.getAttribute('data-doc-id')] = el.getAttribute('data-doc-status'); });
    var source = new EventSource(box.getAttribute('data-events-url'));

    function show(d) {
      if (!(d.id in states)) return;
      states[d.id] = d.status;
      var tag = box.querySelector('[data-doc-id="' + d.id + '"] [data-doc-state]');
      if (!tag) return;
      var text = words[d.status] || words.queued;
      if (d.status === 'processing' && d.pageCount) text = words.processing + ' (' + (d.pagesDone || 0) + '/' + d.pageCount + ' ' + words.pages + ')';
      if (d.status === 'failed' && d.error) text = words.failed + d.error;
      tag.textContent = text;
    }
    function finished() {
      return Object.keys(states).every(function (id) { return states[id] === 'done' || states[id] === 'failed'; });
    }
    function check() {
      if (!finished()) return;
      source.close();
      if (!typed) return window.location.reload();
      var notice = document.querySelector('[data-digitised-notice]');
      if (notice) notice.hidden = false;
    }
    source.addEventListener('snapshot', function (e) {
      JSON.parse(e.data).documents.forEach(show);
      check();
    });
    source.addEventListener('progress', function (e) {
      var d = JSON.parse(e.data);
      if (d.type === 'document') show(d);
      check();
    });
  });
})();
