// Drag a card to another column: pick that stage in the card's own form and submit it, so the
// move goes through the same htmx request (and server checks) as the "移す" button.
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    dragged = event.target.closest ? event.target.closest("[data-case]") : null;
  });
  document.addEventListener("dragover", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    if (dragged && column && (" " + dragged.dataset.next).indexOf(" " + column.dataset.stage + " ") >= 0) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", function (event) {
    var column = event.target.closest && event.target.closest("[data-stage]");
    if (!dragged || !column) return;
    event.preventDefault();
    var form = dragged.querySelector("form");
    if (form) {
      form.querySelector("select[name=to]").value = column.dataset.stage;
      form.requestSubmit();
    }
    dragged = null;
  });
})();
