// Enhancements common to every page of the desk (progressive: every page works without it).
(function () {
  'use strict';
  // After a failed submit, focus the error summary so screen readers and keyboards start there;
  // a click on a summary link focuses the field itself, not just scrolls to it.
  document.addEventListener('DOMContentLoaded', function () {
    var summary = document.querySelector('[data-autofocus]');
    if (summary) summary.focus();
    document.querySelectorAll('.error-summary a[href^="#"]').forEach(function (a) {
      a.addEventListener('click', function (e) {
        var target = document.getElementById(a.getAttribute('href').slice(1));
        if (target) {
          e.preventDefault();
          target.focus();
          target.scrollIntoView({ block: 'center' });
        }
      });
    });
    // Buttons that print or open a PDF for printing (data-print-url), e.g. "In giấy hẹn".
    document.querySelectorAll('[data-print-url]').forEach(function (b) {
      b.addEventListener('click', function (e) {
        e.preventDefault();
        window.open(b.getAttribute('data-print-url'), '_blank', 'noopener');
      });
    });
  });
})();
