// Live digitisation progress on a dossier's page: the API's server-sent events (the session
// cookie is accepted for GET), each document's state tag updated in place.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var table = document.querySelector('[data-events-url]');
    if (!table || !window.EventSource) return;
    var words = JSON.parse(table.getAttribute('data-words'));
    var status = document.getElementById('live-status');
    var TONES = { done: 'green', failed: 'red', processing: 'blue' };

    function update(d) {
      var row = table.querySelector('tr[data-doc-id="' + d.id + '"]');
      if (!row) return;
      var tag = row.querySelector('[data-doc-state]');
      var text = words[d.status] || words.queued;
      if (d.status === 'processing' && d.pageCount) text += ' (' + (d.pagesDone || 0) + '/' + d.pageCount + ' ' + words.pages + ')';
      if (d.status === 'failed') text += d.error || '';
      tag.textContent = text;
      tag.className = 'tag tag--' + (TONES[d.status] || 'grey');
      var pdf = row.querySelector('[data-pdf-link]');
      if (pdf) pdf.hidden = d.status !== 'done';
    }

    var source = new EventSource(table.getAttribute('data-events-url'));
    source.addEventListener('snapshot', function (e) {
      JSON.parse(e.data).documents.forEach(update);
      if (status) status.textContent = '';
    });
    source.addEventListener('progress', function (e) {
      var d = JSON.parse(e.data);
      if (d.type === 'document') update(d);
    });
    source.onerror = function () {
      // EventSource reconnects by itself; say so rather than leave stale states looking live.
      if (status) status.textContent = 'Mất kết nối tới máy chủ, đang thử kết nối lại… Tiến độ số hóa có thể chưa cập nhật.';
    };
  });
})();
