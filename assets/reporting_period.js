// The reporting period's form (dashboard/components/reporting_period.py) opens the same page for
// the period chosen, keeping the page's other choices (its filters, a measure compared) from
// the address bar; the newest period leaves `as_at` out, so the address follows new figures.
document.addEventListener("submit", function (event) {
  var form = event.target.closest && event.target.closest("form.reporting-period-choice");
  if (!form) {
    return;
  }
  event.preventDefault();
  var chosen = form.elements["as_at"].value;
  var target = new URL(window.location.href);
  if (chosen && chosen !== form.getAttribute("data-latest")) {
    target.searchParams.set("as_at", chosen);
  } else {
    target.searchParams.delete("as_at");
  }
  target.hash = "";
  window.location.assign(target.toString());
});
