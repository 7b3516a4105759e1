// The person page's sections as tabs (without this script they are sections one after the other,
// with links to each). One section shows at a time; the address names it (#section-…), so reload
// and deep links (#card-voicemail, #section-voicemail) open the section holding their target.
// Keyboard: Tab reaches the selected tab, arrow keys, Home and End move between tabs (WAI-ARIA
// tabs pattern, selection follows focus). Every card stays in the page: htmx loads and swaps
// them whether shown or not.
(function () {
  function setUp() {
    var nav = document.querySelector(".section-nav");
    if (!nav) return;
    var list = nav.querySelector("ul");
    var links = Array.prototype.slice.call(nav.querySelectorAll("a[href^='#']"));
    var panels = links.map(function (a) { return document.getElementById(a.getAttribute("href").slice(1)); });
    if (panels.some(function (p) { return !p; })) return;
    list.setAttribute("role", "tablist");
    links.forEach(function (a, i) {
      a.parentElement.setAttribute("role", "presentation");
      a.setAttribute("role", "tab");
      a.id = panels[i].id + "-tab";
      a.setAttribute("aria-controls", panels[i].id);
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", a.id);
    });
    document.body.classList.add("tabs-on");

    function select(i, moveFocus) {
      links.forEach(function (a, j) {
        var on = i === j;
        a.setAttribute("aria-selected", on ? "true" : "false");
        a.tabIndex = on ? 0 : -1;
        panels[j].hidden = !on;
      });
      if (moveFocus) links[i].focus();
    }
    function fromHash() {
      var id = decodeURIComponent(location.hash.slice(1));
      var target = id && document.getElementById(id);
      var i = target ? panels.findIndex(function (p) { return p.contains(target); }) : -1;
      return i;
    }
    var start = fromHash();
    select(start < 0 ? 0 : start, false);
    if (start >= 0) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }

    links.forEach(function (a, i) {
      a.addEventListener("click", function (event) {
        event.preventDefault();
        select(i, false);
        history.replaceState(null, "", "#" + panels[i].id);
      });
      a.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (i + 1) % links.length;
        else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (i - 1 + links.length) % links.length;
        else if (event.key === "Home") next = 0;
        else if (event.key === "End") next = links.length - 1;
        if (next === null) return;
        event.preventDefault();
        select(next, true);
        history.replaceState(null, "", "#" + panels[next].id);
      });
    });
    window.addEventListener("hashchange", function () {
      var i = fromHash();
      if (i >= 0) select(i, false);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
