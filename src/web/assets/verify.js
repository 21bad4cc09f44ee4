// Xác thực chữ ký: drop a PDF anywhere on the drop zone instead of choosing it. Without this
// script the same form works with the plain file input.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var zone = document.querySelector('[data-dropzone]');
    if (!zone) return;
    var input = zone.querySelector('input[type=file]');
    var chosen = zone.querySelector('[data-chosen]');
    var show = function () {
      chosen.textContent = input.files && input.files.length ? 'Đã chọn: ' + input.files[0].name : '';
    };
    input.addEventListener('change', show);
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (e) {
        e.preventDefault();
        zone.classList.add('is-over');
      });
    });
    zone.addEventListener('dragleave', function () {
      zone.classList.remove('is-over');
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('is-over');
      if (!e.dataTransfer || !e.dataTransfer.files.length) return;
      input.files = e.dataTransfer.files;
      show();
      var button = zone.closest('form').querySelector('button[type=submit]');
      if (button) button.focus();
    });
  });
})();
