// Multi-select with a sticky action bar (MoJ pattern) for signing and sealing: counts the ticked
// dossiers in the bar and offers "Chọn tất cả". Without it the form still posts the ticked boxes.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.querySelector('[data-batch]');
    if (!form) return;
    var items = Array.prototype.slice.call(form.querySelectorAll('[data-batch-item]'));
    var all = form.querySelector('[data-batch-all]');
    var wrap = form.querySelector('[data-batch-all-wrap]');
    var count = form.querySelector('[data-batch-count]');
    function update() {
      var n = items.filter(function (i) { return i.checked; }).length;
      if (count) count.textContent = n ? 'Đã chọn ' + n + ' hồ sơ' : 'Chưa chọn hồ sơ nào';
      if (all) {
        all.checked = n === items.length && n > 0;
        all.indeterminate = n > 0 && n < items.length;
      }
    }
    if (wrap) wrap.hidden = false;
    if (all) all.addEventListener('change', function () {
      items.forEach(function (i) { i.checked = all.checked; });
      update();
    });
    items.forEach(function (i) { i.addEventListener('change', update); });
    update();
  });
})();
