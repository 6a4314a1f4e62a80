/* Haven: the site's search, on /search/ only. It fetches the site's own index files (never
   anything from another host), keeps them in memory for this page view only (nothing stored),
   and never puts the query in the address. The matching rules are those of haven/search.py. */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const form = $("search-form");
  const input = $("search-q");
  const status = $("search-status");
  const list = $("search-results");
  const more = $("search-more");
  const tpl = $("search-result");
  if (!form || !input || !status || !list || !more || !tpl || !window.fetch) return;
  document.querySelectorAll("[data-no-js]").forEach((el) => { el.hidden = true; });
  form.hidden = false;

  const PAGE = 10; // results shown at a time
  const WINDOW = 220; // characters of an excerpt
  const words = form.dataset;
  const loaded = new Map(); // file -> its JSON (a promise), for this page view only

  const load = (name) => {
    if (!loaded.has(name)) {
      const made = fetch(words.index + name, { cache: "no-cache", credentials: "same-origin" })
        .then((r) => { if (!r.ok) throw new Error(`${r.status}`); return r.json(); });
      made.catch(() => loaded.delete(name)); // a failed file may be asked again
      loaded.set(name, made);
    }
    return loaded.get(name);
  };

  /* Words: as haven/search.py folds and splits them. */
  const fold = (s) => s.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase();
  const LETTER = /[\p{L}\p{N}]/u;
  const cjk = (ch) => {
    const n = ch.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff)
      || (n >= 0xf900 && n <= 0xfaff) || (n >= 0x20000 && n <= 0x2ffff);
  };
  const splitWords = (text) => {
    const out = [];
    let cur = "";
    let curCjk = false;
    for (const ch of fold(text)) {
      const isWord = LETTER.test(ch);
      const isCjk = isWord && cjk(ch);
      if (!isWord || (cur && isCjk !== curCjk)) { if (cur) out.push(cur); cur = ""; }
      if (isWord) { cur += ch; curCjk = isCjk; }
    }
    if (cur) out.push(cur);
    return out;
  };
  /* Each part of a query must match: a word (as the start of a word; one letter: only itself),
     or a run of Chinese or Japanese characters, split as the index splits it: into its characters
     and its pairs of characters (see runScores; a single character alone). */
  const RUN = 12; // characters of a run looked up (a longer one is a sentence)
  const queryParts = (text) => {
    const parts = [];
    for (const w of splitWords(text)) {
      const chars = [...w];
      if (cjk(chars[0]) && chars.length > 1) {
        const run = chars.slice(0, RUN);
        const pairs = run.slice(1).map((ch, i) => run[i] + ch);
        parts.push({ term: run.join(""), prefix: false, chars: run, pairs, marks: pairs });
      } else {
        parts.push({ term: w, prefix: !cjk(chars[0]) && chars.length > 1 });
      }
    }
    const seen = new Set();
    return parts.filter((p) => !seen.has(p.term) && seen.add(p.term)).slice(0, 12);
  };

  const hex = (key) => Array.from(new TextEncoder().encode(key), (b) => b.toString(16).padStart(2, "0")).join("") || "_";
  const shardsFor = (keys, part) => {
    let own = null;
    for (const k of keys) if (part.term.startsWith(k) && (own === null || k.length > own.length)) own = k;
    const found = own === null ? [] : [own];
    if (part.prefix) for (const k of keys) if (k.length > part.term.length && k.startsWith(part.term)) found.push(k);
    return found.slice(0, 16);
  };

  /* doc id -> score for one part of the query; `partial`: a term in so many pages that the index
     keeps only its best ones (then the part does not leave out the pages it lacks). `total`: how
     many pages hold the part, from its terms' document frequencies (entry[0]): `exact` when it
     matched one term; the start of a word matching several is in at least the most of theirs. */
  const scorePart = (manifest, shards, part) => {
    const scores = new Map();
    scores.partial = false;
    let matched = 0;
    for (const shard of shards) {
      for (const [term, entry] of Object.entries(shard)) {
        const exact = term === part.term;
        if (!exact && !(part.prefix && term.startsWith(part.term))) continue;
        matched += 1;
        scores.total = Math.max(scores.total || 0, entry[0]);
        scores.exact = matched === 1;
        if (entry[0] > (entry.length - 1) / 2) scores.partial = true;
        const weight = Math.log(1 + manifest.n / Math.max(entry[0], 1)) * (exact ? 1 : 0.6);
        let doc = 0;
        for (let i = 1; i + 1 < entry.length; i += 2) {
          doc += entry[i];
          const s = entry[i + 1] * weight;
          if (s > (scores.get(doc) || 0)) scores.set(doc, s);
        }
      }
    }
    return scores;
  };

  /* Chinese words that only join the others in a phrase as visitors type it (的 in 焦虑的症状,
     怎么 in 焦虑怎么办): a page need not hold them. Only characters that rarely make a word of
     their own in a page's topic (not 对 of 应对, 为 of 行为, 着 of 睡不着, 过 of 难过). */
  const FILLER = new Set("的了吗呢吧啊呀和与及或也都就很是在把被给从我你他她它们这那些怎么什如何哪");

  /* doc id -> score for a run of Chinese or Japanese characters, typed without spaces between its
     words (焦虑睡眠: 焦虑, 睡眠). A character is found in a page when it is in one of the run's
     pairs found there (焦虑 and 睡眠; 虑睡, across two words, need not be), or else alone in the
     page beside such a pair, never two such in a row (的 in 焦虑的症状). A page matches when every
     character is found, or when the pairs found hold most (over half) of the run's characters
     other than FILLER ones: 焦虑 and 症状 stand for 焦虑的症状和治疗, 焦虑 alone does not. A run of
     two characters needs its pair. `share`: doc id -> the part of those characters found, by
     which results are ranked first; then the score: its pairs', then the lone characters'. */
  const runScores = (pairs, chars, run) => {
    const has = (scores, doc) => scores.partial || scores.has(doc); // a term of too many pages: can't tell, so yes
    const scores = new Map();
    scores.partial = pairs.every((p) => p.partial);
    scores.share = new Map();
    const meaningful = run.some((ch) => !FILLER.has(ch)) ? run.map((ch) => !FILLER.has(ch)) : run.map(() => true);
    const total = meaningful.filter(Boolean).length;
    const docs = new Set();
    pairs.forEach((p) => p.forEach((s, doc) => docs.add(doc)));
    for (const doc of docs) {
      const found = pairs.map((p) => has(p, doc));
      let score = pairs.reduce((sum, p) => sum + (p.get(doc) || 0), 0);
      let inPairs = 0; // meaningful characters in a pair found
      let alone = 0; // meaningful characters found alone
      let all = true;
      let before = false; // the character before was found alone
      for (let i = 0; i < chars.length; i += 1) {
        const weight = meaningful[i] ? 1 : 0;
        if (found[i - 1] || found[i]) { inPairs += weight; before = false; continue; }
        const beside = found[i - 2] || found[i + 1]; // a neighbour in a pair found
        before = !before && beside && has(chars[i], doc);
        if (before) { alone += weight; score += chars[i].get(doc) || 0; } else all = false;
      }
      if (all || (chars.length > 2 && 2 * inPairs > total)) {
        scores.set(doc, score);
        scores.share.set(doc, all ? 1 : (inPairs + alone) / total);
      }
    }
    return scores;
  };

  const termScores = async (manifest, part) => {
    const shards = await Promise.all(shardsFor(manifest.shards, part).map((k) => load(`t/${hex(k)}.json`)));
    return scorePart(manifest, shards, part);
  };

  /* The pages found, best first; `capped`: every part is a term in so many pages that the index
     keeps only its best ones, so more pages may hold the query than those found; `total`: then,
     for a query of one word, how many pages hold it (`exact`), or at least hold it. */
  const find = async (parts) => {
    const manifest = await load("manifest.json");
    const perPart = await Promise.all(parts.map(async (part) => {
      if (!part.chars) return termScores(manifest, part);
      const single = (term) => termScores(manifest, { term, prefix: false });
      const [pairs, chars] = await Promise.all([Promise.all(part.pairs.map(single)), Promise.all(part.chars.map(single))]);
      return runScores(pairs, chars, part.chars);
    }));
    /* Every part must match, except one of the very common words when another part is rarer. */
    const strict = perPart.some((scores) => !scores.partial) ? perPart.filter((scores) => !scores.partial) : perPart;
    let hits = null;
    for (const scores of strict) {
      if (hits === null) { hits = new Map(scores); continue; }
      for (const [doc, s] of hits) {
        if (scores.has(doc)) hits.set(doc, s + scores.get(doc)); else hits.delete(doc);
      }
    }
    hits = hits || new Map();
    for (const scores of perPart) {
      if (strict.includes(scores)) continue;
      for (const [doc, s] of scores) if (hits.has(doc)) hits.set(doc, hits.get(doc) + s);
    }
    /* Pages with all of each run of Chinese or Japanese first, then with less of it, each by score. */
    const share = (doc) => strict.reduce((sum, scores) => sum + (scores.share ? scores.share.get(doc) : 1), 0);
    const docs = [...hits].map(([doc, s]) => [doc, s, share(doc)])
      .sort((a, b) => b[2] - a[2] || b[1] - a[1] || a[0] - b[0]).map(([doc]) => doc);
    const capped = perPart.length > 0 && perPart.every((scores) => scores.partial);
    const counted = capped && perPart.length === 1 && perPart[0].total > docs.length;
    return { docs, capped, total: counted ? perPart[0].total : 0, exact: counted && perPart[0].exact };
  };

  /* Where the query's words are in `text`: [start, end) ranges of the text itself. */
  const matches = (text, parts) => {
    let folded = "";
    const at = []; // folded index -> index in text
    let i = 0;
    for (const ch of text) {
      const f = fold(ch);
      for (let k = 0; k < f.length; k += 1) at.push(i);
      folded += f;
      i += ch.length;
    }
    at.push(text.length);
    const ranges = [];
    for (const part of parts.flatMap((p) => (p.marks ? p.marks.map((term) => ({ term, prefix: false })) : [p]))) {
      const isCjk = cjk(part.term);
      let from = 0;
      for (;;) {
        const hit = folded.indexOf(part.term, from);
        if (hit < 0) break;
        from = hit + 1;
        if (!isCjk && hit > 0 && LETTER.test(folded[hit - 1])) continue; // only at the start of a word
        let end = hit + part.term.length;
        if (!isCjk && part.prefix) while (end < folded.length && LETTER.test(folded[end]) && !cjk(folded[end])) end += 1;
        else if (!isCjk && end < folded.length && LETTER.test(folded[end])) continue; // a whole word only
        ranges.push([at[hit], at[end]]);
      }
    }
    ranges.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    }
    return merged;
  };

  /* Fill `el` with `text`, its matched words in <mark> (text nodes only: no markup from the index). */
  const highlight = (el, text, ranges, offset = 0) => {
    let pos = 0;
    for (const [s0, e0] of ranges) {
      const s = Math.max(s0 - offset, pos);
      const e = Math.min(e0 - offset, text.length);
      if (e <= s) continue;
      el.append(text.slice(pos, s));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(s, e);
      el.append(mark);
      pos = e;
    }
    el.append(text.slice(pos));
  };

  /* The headings of `doc` joined by " · ", from `start` to `end` of that text, highlighted: each
     heading in another language than the page's (doc.hl) in a span with its lang (WCAG 3.1.2),
     as a clinician's languages by their English names and their own. */
  const headings = (el, doc, text, ranges, start, end) => {
    let at = 0;
    doc.h.forEach((heading, i) => {
      if (i > 0) el.append(text.slice(Math.max(at - 3, start), Math.max(Math.min(at, end), start)));
      const from = Math.max(at, start);
      const to = Math.min(at + heading.length, end);
      if (to > from) {
        const lang = (doc.hl || [])[i];
        let part = el;
        if (lang) { part = document.createElement("span"); part.lang = lang; el.append(part); }
        highlight(part, text.slice(from, to), ranges, from);
      }
      at += heading.length + 3;
    });
  };

  /* `text` from `start` to `end`, highlighted: each run the page marks with another language
     (doc.bl: [from, to, lang] in doc.b) in a span with its lang (WCAG 3.1.2), as the page has it. */
  const runs = (el, doc, text, ranges, start, end) => {
    let at = start;
    for (const [from, to, lang] of doc.bl) {
      const s = Math.max(from, at);
      const e = Math.min(to, end);
      if (e <= s) continue;
      highlight(el, text.slice(at, s), ranges, at);
      const part = document.createElement("span");
      part.lang = lang;
      el.append(part);
      highlight(part, text.slice(s, e), ranges, s);
      at = e;
    }
    highlight(el, text.slice(at, end), ranges, at);
  };

  const excerpt = (el, doc, parts) => {
    for (const [text, ofHeadings] of [[doc.b, false], [doc.s, false], [(doc.h || []).join(" · "), true]]) {
      if (!text) continue;
      const ranges = matches(text, parts);
      if (!ranges.length) continue;
      let start = Math.max(0, ranges[0][0] - 60);
      if (start > 0) { const space = text.indexOf(" ", start); if (space >= 0 && space < ranges[0][0]) start = space + 1; }
      let end = Math.min(text.length, start + WINDOW);
      if (end < text.length) { const space = text.lastIndexOf(" ", end); if (space > ranges[0][1]) end = space; }
      if (start > 0) el.append("… ");
      if (ofHeadings && doc.hl) headings(el, doc, text, ranges, start, end);
      else if (text === doc.b && doc.bl) runs(el, doc, text, ranges, start, end);
      else highlight(el, text.slice(start, end), ranges, start);
      if (end < text.length) el.append(" …");
      return;
    }
    const text = doc.s || doc.b || "";
    el.append(text.length > WINDOW ? `${text.slice(0, text.lastIndexOf(" ", WINDOW))} …` : text);
  };

  let current = { run: 0, docs: [], shown: 0, parts: [] };

  const showMore = async (focus) => {
    const run = current.run;
    const batch = current.docs.slice(current.shown, current.shown + PAGE);
    const docs = await Promise.all(batch.map((id) => load(`d/${id}.json`)));
    if (run !== current.run) return;
    let first = null;
    docs.forEach((doc) => {
      const item = tpl.content.firstElementChild.cloneNode(true);
      const link = item.querySelector("a");
      link.href = new URL(doc.u, new URL(tpl.content.querySelector("a").getAttribute("href"), document.baseURI)).href;
      highlight(link, doc.t, matches(doc.t, current.parts));
      item.querySelector(".search-type").textContent = words[`type${doc.y.replace(/(^|-)(\w)/g, (m, dash, c) => c.toUpperCase())}`] || doc.y;
      excerpt(item.querySelector(".search-excerpt"), doc, current.parts);
      list.append(item);
      first = first || link;
    });
    current.shown += batch.length;
    more.hidden = current.shown >= current.docs.length;
    if (focus && first) first.focus();
  };

  const say = (text) => { status.textContent = text; };

  /* How many pages hold the query, said truly: a word in more pages than the index keeps for it
     gives their number (or the least it can be) and how many are listed, or else says that more
     may hold it; both ask for another word, which narrows the search to the pages holding it. */
  const announcement = (found, query) => {
    const number = (n) => n.toLocaleString(document.documentElement.lang || undefined);
    const n = found.total || found.docs.length;
    const many = found.total && !found.exact ? words.atLeast : words.many;
    const text = n === 0 ? words.none : n === 1 ? words.one : many;
    const said = text.replace("{count}", number(n)).replace("{query}", query);
    const space = /[\u3000-\u303f\uff00-\uffef]$/u.test(said) ? "" : " "; // none after 。 or ！
    if (found.total) return said + space + words.capped.replace("{shown}", number(found.docs.length));
    return found.capped ? said + space + words.cappedUnknown : said;
  };

  const search = async () => {
    const query = input.value.trim();
    const parts = queryParts(query);
    current = { run: current.run + 1, docs: [], shown: 0, parts };
    const run = current.run;
    if (!parts.length) { list.replaceChildren(); more.hidden = true; say(""); return; }
    let found;
    try {
      found = await find(parts);
    } catch (err) {
      if (run === current.run) { list.replaceChildren(); more.hidden = true; say(words.error); }
      return;
    }
    if (run !== current.run) return;
    const docs = found.docs;
    current.docs = docs;
    list.replaceChildren();
    try {
      await showMore(false);
    } catch (err) {
      if (run === current.run) say(words.error);
      return;
    }
    if (run !== current.run) return;
    say(announcement(found, query));
  };

  let timer = 0;
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // the query stays here: never sent, never in the address
    clearTimeout(timer);
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 350);
  });
  more.addEventListener("click", () => { showMore(true).catch(() => say(words.error)); });
})();
