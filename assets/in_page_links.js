// In-page links (#section) move to their section and focus it without going through Dash's
// page router, which would redraw the page after a filter has changed the address. An address
// with a #section scrolls there once Dash has drawn the page.
(function () {
  function show(id) {
    var target = document.getElementById(id);
    if (!target) {
      return false;
    }
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.scrollIntoView();
    target.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    var fragment = link && link.getAttribute("href");
    if (fragment && fragment.length > 1 && show(decodeURIComponent(fragment.slice(1)))) {
      event.preventDefault();
      history.replaceState(history.state, "", fragment);
    }
  });

  if (window.location.hash.length > 1) {
    var wanted = decodeURIComponent(window.location.hash.slice(1));
    var observer = new MutationObserver(function () {
      if (show(wanted)) {
        observer.disconnect();
      }
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
    setTimeout(function () { observer.disconnect(); }, 10000);
  }
})();
