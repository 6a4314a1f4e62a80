"""What only the preview (serve) adds to each page: a script that reloads the page when the site
is rebuilt and, while the last change has broken the build, shows its errors over the last good
page (as Hugo's and Vite's dev servers do). Both files are served by the preview alone, at
/__haven/, and are never part of a build; the page gets one <script src>, no inline code or
style, so the site's strict Content-Security-Policy holds in the preview too."""

from __future__ import annotations

import json

from .problems import Problem, errors

PREFIX = "/__haven/"
SCRIPT_TAG = f'<script src="{PREFIX}preview.js"></script>'

SCRIPT = """\
(function () {
  "use strict";
  var live = document.createElement("script");
  live.src = "/livereload.js?port=" + (window.location.port || 80);
  document.head.appendChild(live);

  function show(problems) {
    var old = document.getElementById("haven-overlay");
    if (old) { old.remove(); }
    if (!problems.length) { return; }
    var style = document.getElementById("haven-overlay-style");
    if (!style) {
      style = document.createElement("link");
      style.id = "haven-overlay-style";
      style.rel = "stylesheet";
      style.href = "/__haven/overlay.css";
      document.head.appendChild(style);
    }
    var box = document.createElement("section");
    box.id = "haven-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "haven-overlay-title");
    var title = document.createElement("h2");
    title.id = "haven-overlay-title";
    title.textContent = problems.length === 1 ? "The last change broke the build: 1 error"
      : "The last change broke the build: " + problems.length + " errors";
    var note = document.createElement("p");
    note.textContent = "Below is the last good version of the page. Fix the error, save, and this goes away.";
    var list = document.createElement("ul");
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      var where = document.createElement("code");
      where.textContent = problem.where;
      item.appendChild(where);
      item.appendChild(document.createTextNode(" " + problem.message));
      list.appendChild(item);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(list);
    box.appendChild(close);
    document.body.appendChild(box);
  }

  fetch("/__haven/status.json", {cache: "no-store"})
    .then(function (response) { return response.json(); })
    .then(function (status) { show(status.errors || []); })
    .catch(function () { /* the preview has stopped */ });
})();
"""

STYLE = """\
#haven-overlay {
  position: fixed; top: 0; left: 0; right: 0; z-index: 2147483647;
  max-height: 70vh; overflow: auto; box-sizing: border-box;
  margin: 0; padding: 1rem 1.25rem; border-bottom: 4px solid #b00020;
  background: #fff4f4; color: #1a1a1a; box-shadow: 0 4px 24px rgba(0, 0, 0, 0.35);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; text-align: left;
}
#haven-overlay h2 { margin: 0 0 0.25rem; font-size: 1.15rem; color: #b00020; }
#haven-overlay p { margin: 0 0 0.5rem; }
#haven-overlay ul { margin: 0 0 0.75rem; padding-left: 1.25rem; }
#haven-overlay li { margin: 0.25rem 0; overflow-wrap: anywhere; }
#haven-overlay code { font: 600 0.95em ui-monospace, Menlo, Consolas, monospace; color: #1a1a1a; }
#haven-overlay button {
  min-height: 2.25rem; padding: 0.25rem 1rem; border: 2px solid #b00020; border-radius: 4px;
  background: #ffffff; color: #b00020; font: inherit; font-weight: 600; cursor: pointer;
}
"""

FILES = {"preview.js": ("application/javascript; charset=utf-8", SCRIPT),
         "overlay.css": ("text/css; charset=utf-8", STYLE)}


def status_json(problems: list[Problem]) -> str:
    """What the open pages ask the preview: the errors of the last build (none when it worked)."""
    found = [{"where": f"{p.path}:{p.line}" if p.line else p.path, "message": p.message}
             for p in sorted(set(errors(problems)))]
    return json.dumps({"errors": found}, ensure_ascii=False)
