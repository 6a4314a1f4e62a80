/* Haven: self-assessment results, "Open now" badges, contact-form errors, the team filter.
   Runs only in the visitor's browser: it stores nothing and sends nothing. */
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

  /* Self-assessment: results on the same page, from the page's own text. */
  const form = $("#checklist");
  const live = $("#checklist-results");
  const tpl = $("#checklist-results-template");
  if (form && live && tpl) {
    const boxes = $$("input[type=checkbox]", form);
    const page = form.closest("[data-checklist]") || document.body;
    let shown = false;
    $$("[data-js-only]").forEach((el) => { el.hidden = false; });
    $$("[data-no-js]").forEach((el) => { el.hidden = true; });

    const show = (focus) => {
      const ticked = boxes.filter((b) => b.checked);
      const n = ticked.length;
      const out = tpl.content.cloneNode(true);
      const slot = (name) => $(`[data-slot="${name}"]`, out);
      const urgent = ticked.filter((b) => b.hasAttribute("data-urgent"));
      if (!urgent.length) slot("urgent").remove();
      // The words come from the page (checklist.html), in its language.
      slot("count").textContent = (page.dataset.count || "You ticked {n} of {total} statements.")
        .replace("{n}", String(n)).replace("{total}", String(boxes.length));
      const band = $$("[data-min]").find((li) => +li.dataset.min <= n && n <= +li.dataset.max);
      // After a statement that calls for the crisis message, a band's "a few things may be getting
      // in the way" would contradict it: the page's own words for that case are used instead.
      // A band's text is Markdown: copied as nodes, its links and emphasis stay.
      if (urgent.length) slot("band").textContent = slot("band").dataset.urgentText;
      else if (band) slot("band").replaceChildren(...$("[data-band-text]", band).cloneNode(true).childNodes);
      slot("band").removeAttribute("data-urgent-text");
      ticked.forEach((b) => {
        const li = document.createElement("li");
        // The statement's nodes, not its text: one left in the site's own language keeps the
        // `lang` of its <span> on a page of another (WCAG 3.1.2), as the band's text does.
        li.append(...$(`label[for="${b.id}"]`).cloneNode(true).childNodes);
        slot("ticked-list").append(li);
      });
      if (!n) slot("ticked").remove();
      const topics = [];
      urgent.concat(ticked).forEach((b) => {
        if (!topics.includes(b.dataset.topic)) topics.push(b.dataset.topic);
      });
      topics.forEach((id) => {
        const topic = document.getElementById(`topic-${id}`);
        if (!topic) return;
        const copy = topic.cloneNode(true);
        $$(".topic-for", copy).forEach((el) => el.remove());
        [copy, ...$$("[id]", copy)].forEach((el) => el.removeAttribute("id"));
        copy.removeAttribute("aria-labelledby");
        slot("topics").append(copy);
      });
      live.replaceChildren(out);
      page.classList.add("has-results");
      shown = true;
      if (focus) {
        // Bring the results (and the crisis message above them, when shown) to the top of the
        // screen; no animation for visitors who asked their system for reduced motion.
        $("#results-title", live).focus({ preventScroll: true });
        const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        live.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
      }
    };

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      show(true);
    });
    form.addEventListener("change", () => { if (shown) show(false); });
    form.addEventListener("reset", () => {
      const note = document.createElement("p");
      note.textContent = page.dataset.cleared || "Your answers have been cleared.";
      // The results' own "Start over" goes with them: focus would fall to <body> and the next Tab
      // would skip the checklist. It goes to the first statement instead, to start again from
      // there; the live region still says, politely, that the answers are cleared.
      const lost = live.contains(document.activeElement);
      live.replaceChildren(...(shown || boxes.some((b) => b.checked) ? [note] : []));
      page.classList.remove("has-results");
      shown = false;
      if (lost && boxes.length) boxes[0].focus();
    });
    live.addEventListener("click", (event) => {
      if (event.target.closest("[data-print]")) window.print();
    });
    // Coming back with the Back button must not show someone else's answers.
    window.addEventListener("pageshow", (event) => { if (event.persisted) form.reset(); });
  }

  /* "Open now": the schedule is in the page; the time is the clinic's, wherever the visitor is. */
  const badges = $$("[data-open-now]");
  const DAY = 864e5;
  /* Every word and time comes in the page's language from the build (haven/schedule.py):
     this only fills in the blanks, e.g. "closes {time}{zone}{special}". */
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  const dateWords = (s, date) => fill(s.date, {
    weekday: s.weekdays[(date.getUTCDay() + 6) % 7], month: s.months[date.getUTCMonth()],
    monthnum: String(date.getUTCMonth() + 1), day: String(date.getUTCDate()),
  });

  const status = (s, now) => {
    const w = s.words;
    const clock = (min) => s.times[String(min)] || `${Math.floor(min / 60) % 24}:${String(min % 60).padStart(2, "0")}`;
    const p = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: s.zone, hourCycle: "h23", year: "numeric", month: "numeric",
      day: "numeric", hour: "numeric", minute: "numeric",
    }).formatToParts(now).forEach((part) => { p[part.type] = +part.value; });
    const midnight = Date.UTC(p.year, p.month - 1, p.day);
    const minute = p.hour * 60 + p.minute;
    const offset = (midnight + minute * 6e4 - Math.floor(now / 6e4) * 6e4) / 6e4;
    const zone = offset === -now.getTimezoneOffset() ? "" : w.zone;
    const day = (k) => {
      const date = new Date(midnight + k * DAY);
      const closure = s.closures.find((c) => c.date === date.toISOString().slice(0, 10));
      return { date, closure, hours: closure ? closure.hours : s.week[(date.getUTCDay() + 6) % 7] };
    };
    const today = day(0);
    const special = today.closure && today.hours.length ? fill(w.special, { label: today.closure.label }) : "";
    const open = today.hours.find((h) => h[0] <= minute && minute < h[1]);
    if (open) {
      /* Open until 24:00 runs on into the next day's hours from 0:00 (an overnight shift). */
      let k = 0, end = open[1], more;
      while (end === 1440 && k < 7 && (more = day(k + 1).hours.find((h) => !h[0]))) { k++; end = more[1]; }
      if (end === 1440 && k === 7) return [w.open, "", "open"]; // round the clock
      const time = clock(end);
      if (!k) return [w.open, fill(w.closes, { time, zone, special }), "open", "closes"];
      if (k === 1 && end <= minute) return [w.open, fill(w.closes, { time, zone, special: "" }), "open", "closes"]; // "2:00 am" at 23:30
      if (k === 1) return [w.open, fill(w.closes_tomorrow, { time, zone }), "open", "closes_tomorrow"];
      return [w.open, fill(w.closes_on, { day: s.days[(day(k).date.getUTCDay() + 6) % 7], time, zone }), "open", "closes_on"];
    }
    const shut = today.closure && !today.hours.length ? "closed_today" : "closed";
    const head = shut === "closed_today" ? fill(w.closed_today, { label: today.closure.label }) : w.closed;
    for (let k = 0; k < 100; k++) {
      const d = k ? day(k) : today;
      const next = d.hours.find((h) => k || h[0] > minute);
      if (next) {
        const time = clock(next[0]);
        if (!k) return [head, fill(w.opens_today, { time, zone, special }), shut, "opens_today"];
        if (k === 1) return [head, fill(w.opens_tomorrow, { time, zone }), shut, "opens_tomorrow"];
        const when = k > 6 ? dateWords(s, d.date) : s.days[(d.date.getUTCDay() + 6) % 7];
        return [head, fill(w.opens_on, { day: when, time, zone }), shut, "opens_on"];
      }
    }
    return [head, "", shut];
  };

  /* Words the theme lacks in the page's language are English: say so (WCAG 3.1.2). */
  const inEnglish = (el, s, words) => {
    if (!(s.english || []).includes(words)) return;
    el.lang = "en";
    if (getComputedStyle(el.parentNode).direction === "rtl") el.dir = "ltr";
  };

  const update = () => {
    badges.forEach((badge) => {
      const s = JSON.parse($("script", badge).textContent);
      const [head, rest, headWords, restWords] = status(s, new Date());
      const text = $(".open-now-status", badge);
      const strong = document.createElement("strong");
      strong.textContent = head;
      const more = document.createElement("span");
      more.textContent = rest;
      text.replaceChildren(strong, ...(rest ? ["\u00a0· ", more] : []));
      inEnglish(strong, s, headWords);
      inEnglish(more, s, restWords);
      badge.classList.toggle("is-open", head === s.words.open);
      badge.hidden = false;
    });
    setTimeout(update, 6e4 - (Date.now() % 6e4));
  };
  if (badges.length) update();

  /* Contact form: the browser validates; this puts its complaint next to the field, in words. */
  $$("form[data-validate]").forEach((f) => {
    const mark = (field, bad) => {
      const error = document.getElementById(`${field.id}-error`);
      if (error) error.textContent = bad ? error.dataset.message : "";
      if (bad) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    };
    f.addEventListener("invalid", (event) => mark(event.target, true), true);
    f.addEventListener("input", (event) => {
      if (event.target.validity && event.target.validity.valid) mark(event.target, false);
    });
  });

  /* Team filter: shows the clinicians who match every choice; no request, nothing stored. */
  const team = $("[data-team-filter]");
  if (team) {
    const f = $("form", team);
    const count = $("[data-team-count]", team);
    const cards = $$("[data-clinician]", team);
    const run = () => {
      const want = $$("[data-filter]", f)
        .map((el) => [el.dataset.filter, el.type === "checkbox" ? (el.checked ? el.value : "") : el.value])
        .filter((w) => w[1]);
      let n = 0;
      cards.forEach((card) => {
        const ok = want.every(([key, value]) => card.dataset[key].split(" ").includes(value));
        card.hidden = !ok;
        n += ok;
      });
      count.textContent = count.dataset[["none", "one"][n] || "many"].replace("#", n);
    };
    f.hidden = false;
    $("[data-no-js]", team).hidden = true;
    f.addEventListener("change", run);
    f.addEventListener("reset", () => setTimeout(run));
  }

  /* The 404 page at /es/…: start at its help in Spanish, crisis line included, not below the others. */
  const lost = $$(".not-found-other").find((s) => location.pathname.startsWith($("a", s).pathname));
  if (lost) {
    $("h2", lost).tabIndex = -1;
    $("h2", lost).focus({ preventScroll: true });
    lost.scrollIntoView();
  }
})();
