// Enhancements common to every page of the desk (progressive: every page works without it).
(function () {
  'use strict';

  // After a failed submit, focus the error summary so screen readers and keyboards start there;
  // a click on a summary link focuses the field itself, not just scrolls to it.
  function focusErrors(root) {
    var summary = root.querySelector('[data-autofocus]');
    if (summary) summary.focus();
    root.querySelectorAll('.error-summary a[href^="#"]').forEach(function (a) {
      a.addEventListener('click', function (e) {
        var target = document.getElementById(a.getAttribute('href').slice(1));
        if (target) {
          e.preventDefault();
          target.focus();
          target.scrollIntoView({ block: 'center' });
        }
      });
    });
  }

  function problem(form, text) {
    var p = form.querySelector('[data-submit-problem]');
    if (!p) {
      p = document.createElement('div');
      p.className = 'notice notice--bad';
      p.setAttribute('role', 'alert');
      p.setAttribute('data-submit-problem', '');
      p.tabIndex = -1;
      form.insertBefore(p, form.firstChild);
    }
    p.textContent = text;
    p.focus();
  }

  // Forms marked data-keep-on-error are sent with fetch: a lost network or an expired session
  // is said on the page and nothing typed (files included) is lost; a page of field errors from
  // the server replaces <main>, with the chosen files carried over.
  function keepOnError(form) {
    form.addEventListener('submit', function (e) {
      if (!window.fetch || !window.FormData || !window.DataTransfer) return;
      e.preventDefault();
      var button = form.querySelector('[type=submit]');
      if (button) button.disabled = true;
      fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin', headers: { 'x-desk-fetch': '1' } })
        .then(function (res) {
          if (button) button.disabled = false;
          var type = res.headers.get('content-type') || '';
          if (type.indexOf('application/json') === 0) {
            return res.json().then(function (r) {
              if (/^\/sign-in/.test(r.redirect)) {
                problem(form, 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại ở một thẻ mới (' + location.origin + '/sign-in), rồi quay lại đây bấm gửi lại: những gì đã nhập vẫn còn.');
              } else location.assign(r.redirect);
            });
          }
          return res.text().then(function (html) { swapMain(form, html); });
        })
        .catch(function () {
          if (button) button.disabled = false;
          problem(form, 'Mất kết nối mạng: hồ sơ chưa được gửi. Những gì đã nhập vẫn còn; bấm gửi lại khi có mạng.');
        });
    });
  }

  function swapMain(form, html) {
    var files = {};
    form.querySelectorAll('input[type=file]').forEach(function (i) { files[i.id] = i.files; });
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var next = doc.querySelector('main');
    if (!next) return problem(form, 'Máy chủ trả lời không đọc được; vui lòng thử lại.');
    document.title = doc.title;
    document.querySelector('main').replaceWith(document.adoptNode(next));
    Object.keys(files).forEach(function (id) {
      var input = document.getElementById(id);
      if (input && files[id].length) input.files = files[id];
    });
    document.querySelectorAll('[data-files-lost]').forEach(function (n) { n.remove(); });
    document.dispatchEvent(new CustomEvent('desk:content', { detail: next }));
  }

  function init(root) {
    focusErrors(root);
    root.querySelectorAll('form[data-keep-on-error]').forEach(keepOnError);
  }

  document.addEventListener('DOMContentLoaded', function () { init(document); });
  document.addEventListener('desk:content', function (e) { init(e.detail); });
})();
