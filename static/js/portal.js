// The portal's own behaviour, without inline handlers (the Content-Security-Policy allows
// scripts from the portal's own files only). Listeners sit on the document, so they also
// work for content htmx swaps in.
"use strict";

document.addEventListener("change", (event) => {
  const field = event.target;
  if (!(field instanceof HTMLSelectElement)) {
    return;
  }
  if (field.hasAttribute("data-submit-on-change") && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  } else if (field.hasAttribute("data-navigate-on-change") && field.value) {
    window.location.assign(field.value);
  }
});

// A print button (the survey code slips): no inline handler.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});

// A 503 (the database connection dropped during a row save) carries a notice placed
// before the row (HX-Reswap: beforebegin); htmx would otherwise not swap a 5xx.
document.addEventListener("htmx:beforeSwap", (event) => {
  if (event.detail.xhr.status === 503) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
