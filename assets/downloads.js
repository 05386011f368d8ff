// A table download gets the page's current filters from the address bar, so that the file
// holds the rows on screen after a filter has changed them.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-download]");
  if (!link) {
    return;
  }
  if (!link.hasAttribute("data-base")) {
    link.setAttribute("data-base", link.getAttribute("href"));
  }
  var target = new URL(link.getAttribute("data-base"), window.location.href);
  new URLSearchParams(window.location.search).forEach(function (value, key) {
    if (["page", "table", "format"].indexOf(key) === -1) {
      target.searchParams.set(key, value);
    }
  });
  link.href = target.toString();
});
