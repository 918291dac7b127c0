// The few behaviours pages need, attached here because the Content-Security-Policy allows no inline script.
"use strict";
document.addEventListener("change", function (event) {
  var field = event.target;
  // A choice that reloads its form (the class or date on the filing page) submits it at once.
  if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) field.form.submit();
});

// A print button (the public timetables): inline handlers are not allowed by the page's security policy.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
