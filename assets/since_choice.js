// The "Compare with" form (dashboard/components/what_changed.py) opens the same page compared
// with the month chosen, keeping the page's other choices (its reporting period, filters, a
// measure compared) from the address bar; the previous period leaves `since` out, so the
// address follows new figures.
document.addEventListener("submit", function (event) {
  var form = event.target.closest && event.target.closest("form.since-choice");
  if (!form) {
    return;
  }
  event.preventDefault();
  var chosen = form.elements["since"].value;
  var target = new URL(window.location.href);
  if (chosen && chosen !== form.getAttribute("data-default")) {
    target.searchParams.set("since", chosen);
  } else {
    target.searchParams.delete("since");
  }
  target.hash = "";
  window.location.assign(target.toString());
});
