// Reception enhancements: filter procedures as typed, check the CCCD as typed (the server's
// rule, asked over fetch), drag and drop files onto each document, list the chosen files.
(function () {
  'use strict';
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
  }

  function filterList(input) {
    var list = document.getElementById(input.getAttribute('data-filter-list'));
    if (!list) return;
    input.addEventListener('input', function () {
      var q = fold(input.value.trim());
      list.querySelectorAll('li[data-search]').forEach(function (li) {
        li.hidden = q !== '' && li.getAttribute('data-search').indexOf(q) < 0;
      });
    });
  }

  function cccdCheck(input) {
    var field = input.closest('.field');
    var msg = document.createElement('span');
    msg.className = 'error-message';
    msg.id = input.id + '-live';
    msg.setAttribute('aria-live', 'polite');
    input.parentNode.insertBefore(msg, input);
    input.setAttribute('aria-describedby', ((input.getAttribute('aria-describedby') || '') + ' ' + msg.id).trim());
    var asked = '';
    function show(text) {
      msg.textContent = text || '';
      field.classList.toggle('field--error', Boolean(text));
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    input.addEventListener('input', function () {
      var v = input.value.trim();
      if (/\D/.test(v)) return show('Số CCCD chỉ gồm chữ số');
      if (v.length < 12) return show(v.length ? 'Còn thiếu ' + (12 - v.length) + ' chữ số' : '');
      asked = v;
      fetch(input.getAttribute('data-check-cccd') + '?id=' + encodeURIComponent(v), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (r) { if (r && asked === v) show(r.ok ? '' : r.message); })
        .catch(function () { /* offline: the server checks again on submit */ });
    });
    // While typing, "still missing digits" is a hint, not an error: say it only on leaving the field.
    input.addEventListener('blur', function () { input.dispatchEvent(new Event('input')); });
  }

  function names(zone) {
    var out = [];
    zone.querySelectorAll('input[type=file]').forEach(function (i) {
      for (var k = 0; k < i.files.length; k++) out.push(i.files[k].name);
    });
    var p = zone.querySelector('[data-file-names]');
    if (p) p.textContent = out.length ? 'Đã chọn ' + out.length + ' tệp: ' + out.join(', ') : '';
    zone.classList.toggle('has-files', out.length > 0);
  }

  function dropzone(zone) {
    var input = zone.querySelector('input[type=file][multiple]');
    zone.addEventListener('change', function () { names(zone); });
    ['dragenter', 'dragover'].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add('is-over'); });
    });
    zone.addEventListener('dragleave', function () { zone.classList.remove('is-over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('is-over');
      // Dropped files join those already chosen for this document.
      var dt = new DataTransfer();
      for (var i = 0; i < input.files.length; i++) dt.items.add(input.files[i]);
      for (var j = 0; j < e.dataTransfer.files.length; j++) dt.items.add(e.dataTransfer.files[j]);
      input.files = dt.files;
      names(zone);
    });
  }

  function init(root) {
    root.querySelectorAll('[data-filter-list]').forEach(filterList);
    root.querySelectorAll('[data-check-cccd]').forEach(cccdCheck);
    root.querySelectorAll('[data-dropzone]').forEach(function (z) { dropzone(z); names(z); });
  }
  document.addEventListener('DOMContentLoaded', function () { init(document); });
  // desk.js replaced <main> with the server's answer (field errors): bind the new elements.
  document.addEventListener('desk:content', function (e) { init(e.detail); });
})();
