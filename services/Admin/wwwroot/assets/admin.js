// The admin UI works without this file; it only adds a theme toggle and copy-to-clipboard buttons.
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("mcpgw-theme"); } catch (e) { /* storage off: follow the system */ }
  if (stored === "dark" || stored === "light") { root.setAttribute("data-theme", stored); }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A page showing a secret once answers a POST: replacing that history entry makes a reload a plain GET, which
    // shows nothing secret, instead of posting the form again.
    if (document.querySelector("[data-replace-history]") && window.history.replaceState) {
      var address = new URL(window.location.href);
      address.searchParams.delete("handler");
      window.history.replaceState(null, "", address.toString());
    }
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      var show = function () {
        button.setAttribute("aria-pressed", String(isDark()));
        button.textContent = isDark() ? "Light mode" : "Dark mode";
      };
      show();
      button.addEventListener("click", function () {
        var next = isDark() ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try { localStorage.setItem("mcpgw-theme", next); } catch (e) { /* not remembered */ }
        show();
      });
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source || !navigator.clipboard) { return; }
        navigator.clipboard.writeText(source.value !== undefined ? source.value : source.textContent).then(function () {
          button.textContent = "Copied";
        });
      });
    });
  });
})();
