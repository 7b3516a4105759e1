// After htmx swaps a card in, the element it focuses (the first field in error, or the notice)
// is brought into view with its card's notice and its own label, not left at the window's edge.
document.addEventListener("htmx:afterSettle", function (event) {
  var el = document.activeElement;
  if (!el || el === document.body || !event.target.contains(el)) return;
  var card = el.closest(".card") || el;
  var notice = card.querySelector(".card-notice") || card;
  var top = notice.getBoundingClientRect().top;
  var bottom = el.getBoundingClientRect().bottom;
  if (bottom - top < window.innerHeight - 32) {
    // Notice and field both fit: show them together, a little below the top.
    window.scrollBy({ top: top - 16 });
  } else {
    el.scrollIntoView({ block: "center" });
  }
});
