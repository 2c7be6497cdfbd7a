/* kgnotes service graph page.
 *
 * Reads the graph from the JSON data block, draws it with vis-network and wires up the
 * toolbar, search and side panel. Note text only ever reaches the DOM through textContent
 * (see `el`), never as HTML, and vis tooltips get DOM elements, not strings.
 */
(function () {
  "use strict";

  const CATEGORY_COLORS = {
    storage: "#3b9a4a",
    compute: "#e8842c",
    containers: "#c9572f",
    database: "#3d6ee0",
    "networking-content-delivery": "#8459d4",
    "application-integration": "#d6457a",
    analytics: "#1f9fbf",
    "security-identity-compliance": "#d33a3a",
    "management-governance": "#b8339a",
    "developer-tools": "#55799c",
    "machine-learning": "#0fa38a",
    "migration-transfer": "#8b9a1c",
    "cost-management": "#b8860b",
    "end-user-computing": "#a0582d",
    iot: "#3aa6e0",
    media: "#c77dd6",
    other: "#8a94a6",
  };
  const FALLBACK_COLORS = ["#6c8ebf", "#b5739d", "#7aa05a", "#c09a3a", "#5fa8a0", "#a07a5f"];
  const RELATIONS = {
    triggers: { directed: true, color: "#e0621b" },
    "publishes-to": { directed: true, color: "#d6336c" },
    "subscribes-to": { directed: true, color: "#ae3ec9" },
    "stores-in": { directed: true, color: "#37b24d" },
    "runs-on": { directed: true, color: "#1c7ed6" },
    "builds-on": { directed: true, color: "#1098ad" },
    "compared-with": { directed: false, color: "#f59f00" },
    "integrates-with": { directed: false, color: "#5c7cfa" },
    "mentioned-with": { directed: false, color: "#909aa8" },
  };
  const KINDS = [
    ["title", "Titles"],
    ["scenario", "Scenarios"],
    ["scenario-answer", "Scenario answers"],
    ["fact", "Facts"],
    ["question", "Questions"],
    ["answer", "Answers"],
  ];
  // The most common and least specific relation: its labels are drawn (font size above 0) only
  // while its edges touch the selection, so the specific relations stay readable.
  const QUIET_RELATIONS = new Set(["mentioned-with"]);
  const EDGE_FONT_SIZE = 10;
  const LIST_LIMIT = 200;
  const SEED = 7; // vis layout.randomSeed: the same data always gets the same layout
  const MAX_FIT_ZOOM = 1.4; // small graphs may be drawn a little larger than 1:1
  const ANIMATION = { duration: 300, easingFunction: "easeInOutQuad" };

  // ---- data ---------------------------------------------------------------------------

  const raw = JSON.parse(document.getElementById("graph-data").textContent);
  const meta = raw.graph || {};
  const categoryNames = meta.categories || {};
  const text = (value) => (value === null || value === undefined ? "" : String(value));

  const optionalId = (value) => (value === null || value === undefined ? null : text(value));
  const nodeList = (raw.nodes || []).map((n) => ({
    id: text(n.id),
    label: text(n.label || n.id),
    fullName: text(n.full_name),
    category: text(n.category || "other"),
    aliases: (n.aliases || []).map(text),
    mentions: Number(n.mentions) || 0,
    partOf: optionalId(n.part_of),
    renamedTo: optionalId(n.renamed_to),
    runsAt: optionalId(n.runs_at),
    notes: n.notes || [],
    sites: n.sites || [],
  }));
  const byId = new Map(nodeList.map((n) => [n.id, n]));
  const edgeList = (raw.edges || []).map((e, index) => {
    const relation = text(e.relation || e.key || "related");
    const known = RELATIONS[relation];
    const directed = typeof e.directed === "boolean" ? e.directed : known ? known.directed : true;
    const evidence = e.evidence || [];
    return {
      id: "e" + index,
      from: text(e.source),
      to: text(e.target),
      relation: relation,
      directed: directed,
      weight: Number(e.weight) || evidence.length || 1,
      evidence: evidence,
    };
  });
  const edgeById = new Map(edgeList.map((e) => [e.id, e]));
  const big = nodeList.length > 150; // no Kamada-Kawai initial layout: it is O(n²) and slow

  function categoryName(id) {
    return text(categoryNames[id] || id);
  }
  function categoryColor(id) {
    if (CATEGORY_COLORS[id]) return CATEGORY_COLORS[id];
    let h = 0;
    for (const ch of id) h = (h * 31 + ch.codePointAt(0)) >>> 0;
    return FALLBACK_COLORS[h % FALLBACK_COLORS.length];
  }
  function relationColor(relation) {
    return RELATIONS[relation] ? RELATIONS[relation].color : "#909aa8";
  }
  function labelOf(id) {
    const node = byId.get(id);
    return node ? node.label : id;
  }
  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }
  function mentionsText(n) {
    return plural(n.mentions, "mention", "mentions");
  }
  function sentencesText(e) {
    return plural(e.evidence.length, "sentence", "sentences");
  }
  function location(item) {
    const path = text(item.path);
    return item.line === null || item.line === undefined ? path : path + ":" + item.line;
  }

  // ---- DOM helpers (text only) ------------------------------------------------------------

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "style") Object.assign(node.style, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "className" || key === "type" || key === "checked" || key === "title") {
        node[key] = value;
      } else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(text(child)));
    }
    return node;
  }
  const $ = (id) => document.getElementById(id);
  const textSpan = (value) => el("span", { className: "text" }, text(value));

  // ---- vis data sets --------------------------------------------------------------------

  function nodeTooltip(n) {
    return el(
      "div",
      {},
      el("div", { className: "tip-title" }, n.label),
      n.fullName && n.fullName !== n.label ? el("div", {}, n.fullName) : null,
      el("div", { className: "tip-sub" }, categoryName(n.category) + " · " + mentionsText(n)),
    );
  }
  function edgeTooltip(e) {
    const arrow = e.directed ? " → " : " — ";
    return el(
      "div",
      {},
      el("div", { className: "tip-title" }, labelOf(e.from) + arrow + labelOf(e.to)),
      el("div", { className: "tip-sub" }, e.relation + " · " + sentencesText(e)),
    );
  }

  function themeColors() {
    const style = getComputedStyle(document.documentElement);
    const pick = (name) => style.getPropertyValue(name).trim();
    return { text: pick("--text"), muted: pick("--muted"), bg: pick("--bg") };
  }
  function themeOptions() {
    const c = themeColors();
    return {
      nodes: { font: { color: c.text, strokeColor: c.bg } },
      edges: { font: { color: c.muted, strokeColor: c.bg } },
    };
  }

  // Parallel edges between the same two services are bent apart so each stays visible.
  const pairs = new Map();
  for (const e of edgeList) {
    const key = e.from < e.to ? e.from + "\u0000" + e.to : e.to + "\u0000" + e.from;
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(e);
  }
  const smoothFor = new Map();
  for (const group of pairs.values()) {
    if (group.length < 2) continue;
    group.forEach((e, k) => {
      let clockwise = k % 2 === 0;
      if (e.from > e.to) clockwise = !clockwise;
      const roundness = 0.18 * (1 + Math.floor(k / 2));
      smoothFor.set(e.id, { enabled: true, type: clockwise ? "curvedCW" : "curvedCCW", roundness });
    });
  }

  const ring = themeColors().text; // the outline of a selected node, readable on the page
  const nodes = new vis.DataSet(
    nodeList.map((n) => {
      const color = categoryColor(n.category);
      return {
        id: n.id,
        label: n.label,
        value: Math.max(1, n.mentions),
        title: nodeTooltip(n),
        color: {
          background: color,
          border: color,
          highlight: { background: color, border: ring },
          hover: { background: color, border: ring },
        },
        hidden: false,
      };
    }),
  );
  const edges = new vis.DataSet(
    edgeList.map((e) => {
      const color = relationColor(e.relation);
      return {
        id: e.id,
        from: e.from,
        to: e.to,
        label: e.relation,
        font: { size: QUIET_RELATIONS.has(e.relation) ? 0 : EDGE_FONT_SIZE },
        title: edgeTooltip(e),
        arrows: { to: { enabled: e.directed, scaleFactor: 0.55 } },
        dashes: e.directed ? false : [6, 5],
        width: 1 + Math.min(4, Math.log2(e.weight)),
        color: { color: color, highlight: color, hover: color, opacity: 0.8 },
        smooth: smoothFor.get(e.id) || false,
        hidden: false,
      };
    }),
  );

  // ---- network --------------------------------------------------------------------------

  // A bounded stabilisation: about 4 ms per iteration at 500 services on a slow machine.
  const iterations = Math.max(150, Math.min(400, Math.round(40000 / (nodeList.length || 1))));
  const options = {
    autoResize: true,
    layout: { randomSeed: SEED, improvedLayout: !big },
    nodes: {
      shape: "dot",
      borderWidth: 1,
      borderWidthSelected: 3,
      font: { size: 13, face: "system-ui, sans-serif", strokeWidth: 3 },
      scaling: {
        min: 7,
        max: 34,
        label: { enabled: true, min: 12, max: 22, drawThreshold: 7, maxVisible: 26 },
      },
    },
    edges: {
      font: { size: EDGE_FONT_SIZE, face: "system-ui, sans-serif", strokeWidth: 3 },
      selectionWidth: 1.5,
      hoverWidth: 0.5,
      smooth: false,
    },
    physics: {
      enabled: true,
      solver: "forceAtlas2Based",
      forceAtlas2Based: {
        gravitationalConstant: -60,
        centralGravity: 0.012,
        springLength: 120,
        springConstant: 0.06,
        damping: 0.55,
        avoidOverlap: 0.4,
      },
      maxVelocity: 40,
      minVelocity: 0.8,
      timestep: 0.45,
      stabilization: { enabled: true, iterations: iterations, updateInterval: 50, fit: true },
    },
    interaction: {
      hover: true,
      tooltipDelay: 200,
      hideEdgesOnDrag: edgeList.length > 400,
      hideEdgesOnZoom: edgeList.length > 400,
      keyboard: false,
      multiselect: false,
      navigationButtons: false,
    },
  };
  const merged = themeOptions();
  Object.assign(options.nodes.font, merged.nodes.font);
  Object.assign(options.edges.font, merged.edges.font);

  const container = $("graph");
  const network = new vis.Network(container, { nodes, edges }, options);

  // ---- state and filters ----------------------------------------------------------------

  const state = {
    hiddenCategories: new Set(),
    hiddenRelations: new Set(),
    hops: "all",
    hideIsolated: false,
    centre: null, // the node the neighbourhood view is built around
    selected: null, // {type: "node" | "edge", id}
  };

  function computeVisible() {
    const inShownCategory = nodeList.filter((n) => !state.hiddenCategories.has(n.category));
    let shown = new Set(inShownCategory.map((n) => n.id));
    let live = edgeList.filter(
      (e) => !state.hiddenRelations.has(e.relation) && shown.has(e.from) && shown.has(e.to),
    );
    if (state.hops !== "all" && state.centre && shown.has(state.centre)) {
      const limit = Number(state.hops);
      const adjacent = new Map();
      for (const e of live) {
        if (!adjacent.has(e.from)) adjacent.set(e.from, []);
        if (!adjacent.has(e.to)) adjacent.set(e.to, []);
        adjacent.get(e.from).push(e.to);
        adjacent.get(e.to).push(e.from);
      }
      const distance = new Map([[state.centre, 0]]);
      let frontier = [state.centre];
      for (let depth = 1; depth <= limit && frontier.length; depth++) {
        const next = [];
        for (const id of frontier) {
          for (const other of adjacent.get(id) || []) {
            if (!distance.has(other)) {
              distance.set(other, depth);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
      shown = new Set(distance.keys());
      live = live.filter((e) => shown.has(e.from) && shown.has(e.to));
    }
    if (state.hideIsolated) {
      const linked = new Set();
      for (const e of live) {
        linked.add(e.from);
        linked.add(e.to);
      }
      shown = new Set([...shown].filter((id) => linked.has(id) || id === state.centre));
    }
    return { nodes: shown, edges: new Set(live.map((e) => e.id)) };
  }

  function applyFilters() {
    const visible = computeVisible();
    const nodeUpdates = [];
    nodes.forEach((n) => {
      const hidden = !visible.nodes.has(n.id);
      if (n.hidden !== hidden) nodeUpdates.push({ id: n.id, hidden });
    });
    const edgeUpdates = [];
    edges.forEach((e) => {
      const hidden = !visible.edges.has(e.id);
      if (e.hidden !== hidden) edgeUpdates.push({ id: e.id, hidden });
    });
    if (nodeUpdates.length) nodes.update(nodeUpdates);
    if (edgeUpdates.length) edges.update(edgeUpdates);
    updateCounts(visible);
    return visible;
  }

  function visibleNodeIds() {
    return nodes.getIds({ filter: (n) => !n.hidden });
  }
  function visibleEdgeIds() {
    return edges.getIds({ filter: (e) => !e.hidden });
  }
  function fitVisible() {
    const ids = visibleNodeIds();
    if (!ids.length) return;
    network.fit({ nodes: ids, maxZoomLevel: MAX_FIT_ZOOM, animation: ANIMATION });
  }

  // ---- header and toolbar ---------------------------------------------------------------

  function updateCounts(visible) {
    const parts = [
      plural(nodeList.length, "service", "services"),
      plural(edgeList.length, "relation", "relations"),
    ];
    if (meta.notes !== undefined && meta.notes !== null) {
      parts.push(plural(Number(meta.notes), "note", "notes"));
    }
    let line = parts.join(" · ");
    const filtered =
      visible && (visible.nodes.size !== nodeList.length || visible.edges.size !== edgeList.length);
    if (filtered) {
      line += " — showing " + visible.nodes.size + " / " + visible.edges.size;
    }
    $("counts").textContent = line;
  }

  function buildLegend() {
    const counts = new Map();
    for (const n of nodeList) counts.set(n.category, (counts.get(n.category) || 0) + 1);
    const order = Object.keys(categoryNames).filter((id) => counts.has(id));
    for (const id of [...counts.keys()].sort()) if (!order.includes(id)) order.push(id);
    const legend = $("legend");
    for (const id of order) {
      const chip = el(
        "button",
        {
          type: "button",
          className: "chip",
          "aria-pressed": "true",
          dataset: { category: id },
          title: "Click to hide or show; Shift-click to show only this category",
        },
        el("span", { className: "swatch", style: { background: categoryColor(id) } }),
        categoryName(id),
        el("span", { className: "count" }, String(counts.get(id))),
      );
      chip.addEventListener("click", (event) => {
        if (event.shiftKey) {
          const hidden = state.hiddenCategories;
          const alreadySolo = hidden.size === order.length - 1 && !hidden.has(id);
          const others = order.filter((other) => other !== id);
          state.hiddenCategories = new Set(alreadySolo ? [] : others);
        } else if (state.hiddenCategories.has(id)) state.hiddenCategories.delete(id);
        else state.hiddenCategories.add(id);
        syncLegend();
        applyFilters();
      });
      legend.append(chip);
    }
  }

  function syncLegend() {
    for (const chip of $("legend").children) {
      chip.setAttribute("aria-pressed", String(!state.hiddenCategories.has(chip.dataset.category)));
    }
  }

  function buildRelations() {
    const counts = new Map();
    const directed = new Map();
    for (const e of edgeList) {
      counts.set(e.relation, (counts.get(e.relation) || 0) + 1);
      directed.set(e.relation, e.directed);
    }
    const order = Object.keys(RELATIONS).filter((r) => counts.has(r));
    for (const r of [...counts.keys()].sort()) if (!order.includes(r)) order.push(r);
    const box = $("relations");
    if (!order.length) box.append(el("span", { className: "count" }, "none"));
    for (const relation of order) {
      const input = el("input", { type: "checkbox", checked: true, dataset: { relation } });
      input.addEventListener("change", () => {
        if (input.checked) state.hiddenRelations.delete(relation);
        else state.hiddenRelations.add(relation);
        chip.classList.toggle("off", !input.checked);
        applyFilters();
      });
      const chip = el(
        "label",
        { className: "chip", title: directed.get(relation) ? "directed" : "undirected" },
        input,
        el("span", {
          className: "line-sample" + (directed.get(relation) ? "" : " dashed"),
          style: { borderTopColor: relationColor(relation) },
        }),
        relation,
        el("span", { className: "count" }, String(counts.get(relation))),
      );
      box.append(chip);
    }
  }

  // ---- side panel -----------------------------------------------------------------------

  const panel = $("panel");

  function nodeLink(id) {
    if (!byId.has(id)) return el("span", {}, id);
    const select = () => selectNode(id, { focus: true });
    return el("button", { type: "button", className: "link", onclick: select }, labelOf(id));
  }
  function where(item, noteTitle) {
    const parts = [];
    if (noteTitle) parts.push(text(noteTitle), " · ");
    parts.push(el("span", { className: "loc" }, location(item)));
    return el("span", { className: "where" }, parts);
  }
  function limitedList(items, render) {
    const list = el("ul", {}, items.slice(0, LIST_LIMIT).map((item) => el("li", {}, render(item))));
    if (items.length <= LIST_LIMIT) return list;
    const more = el("p", { className: "more" }, "… and " + (items.length - LIST_LIMIT) + " more");
    return el("div", {}, list, more);
  }

  function showOverview() {
    const top = [...nodeList]
      .sort((a, b) => b.mentions - a.mentions || a.label.localeCompare(b.label))
      .slice(0, 12);
    panel.replaceChildren(
      el("h2", {}, "Overview"),
      el(
        "p",
        { className: "hint" },
        "Click a service or a relation to see the notes behind it, " +
          "or type a name in the search box.",
      ),
      top.length ? el("h3", {}, "Most mentioned") : null,
      top.length
        ? limitedList(top, (n) => [
            nodeLink(n.id),
            " ",
            el("span", { className: "rel" }, mentionsText(n)),
          ])
        : el("p", { className: "hint" }, "The graph is empty."),
    );
  }

  function showNode(id) {
    const n = byId.get(id);
    const other = (e) => (e.from === id ? e.to : e.from);
    const byOther = (a, b) => labelOf(other(a)).localeCompare(labelOf(other(b)));
    const connected = edgeList
      .filter((e) => e.from === id || e.to === id)
      .sort((a, b) => a.relation.localeCompare(b.relation) || byOther(a, b));
    const sections = [
      el("h2", {}, n.label),
      n.fullName && n.fullName !== n.label ? el("p", {}, n.fullName) : null,
      el(
        "p",
        { className: "sub" },
        el("span", {
          className: "swatch inline",
          style: { background: categoryColor(n.category) },
        }),
        [categoryName(n.category), mentionsText(n), plural(n.notes.length, "note", "notes")].join(
          " · ",
        ),
      ),
    ];
    if (n.renamedTo) sections.push(el("p", {}, "Renamed to ", nodeLink(n.renamedTo)));
    if (n.partOf) sections.push(el("p", {}, "Part of ", nodeLink(n.partOf)));
    if (n.runsAt) sections.push(el("p", {}, "Runs at ", nodeLink(n.runsAt)));
    if (n.aliases.length) {
      const tags = n.aliases.map((alias) => el("span", { className: "tag" }, alias));
      sections.push(el("div", { className: "tags", "aria-label": "Aliases" }, tags));
    }
    if (connected.length) {
      sections.push(el("h3", {}, "Relations (" + connected.length + ")"));
      sections.push(
        limitedList(connected, (e) => {
          const outgoing = e.from === id;
          const arrow = !e.directed ? "— " : outgoing ? "→ " : "← ";
          return [
            el(
              "button",
              { type: "button", className: "link rel", onclick: () => selectEdge(e.id) },
              e.relation,
            ),
            " " + arrow,
            nodeLink(outgoing ? e.to : e.from),
            " ",
            el("span", { className: "rel" }, "(" + sentencesText(e) + ")"),
          ];
        }),
      );
    }
    if (n.notes.length) {
      sections.push(el("h3", {}, "Notes (" + n.notes.length + ")"));
      const noteItem = (note) => [textSpan(note.title || note.path), where(note)];
      sections.push(limitedList(n.notes, noteItem));
    }
    const known = new Set(KINDS.map(([kind]) => kind));
    const kinds = [...KINDS];
    for (const site of n.sites) {
      const kind = text(site.kind);
      if (!known.has(kind)) {
        known.add(kind);
        kinds.push([kind, kind]);
      }
    }
    for (const [kind, heading] of kinds) {
      const sites = n.sites.filter((s) => text(s.kind) === kind);
      if (!sites.length) continue;
      sections.push(el("h3", {}, heading + " (" + sites.length + ")"));
      sections.push(limitedList(sites, (site) => [textSpan(site.text), where(site, site.note)]));
    }
    panel.replaceChildren(...sections.filter(Boolean));
    panel.scrollTop = 0;
  }

  function showEdge(id) {
    const e = edgeById.get(id);
    panel.replaceChildren(
      el("h2", {}, nodeLink(e.from), e.directed ? " → " : " — ", nodeLink(e.to)),
      el(
        "p",
        { className: "sub" },
        el("span", {
          className: "line-sample inline" + (e.directed ? "" : " dashed"),
          style: { borderTopColor: relationColor(e.relation) },
        }),
        e.relation + " · " + (e.directed ? "directed" : "undirected") + " · weight " + e.weight,
      ),
      el("h3", {}, "Evidence (" + e.evidence.length + ")"),
      e.evidence.length
        ? limitedList(e.evidence, (ev) => [textSpan(ev.sentence), where(ev, ev.note)])
        : el("p", { className: "hint" }, "No sentences recorded."),
    );
    panel.scrollTop = 0;
  }

  // ---- selection and search -------------------------------------------------------------

  // Label the quiet edges that touch the selected node or are the selected edge.
  let labelledQuiet = new Set();
  function labelQuietEdges() {
    const wanted = new Set();
    const sel = state.selected;
    for (const e of edgeList) {
      if (!QUIET_RELATIONS.has(e.relation)) continue;
      const touches =
        sel && (sel.type === "edge" ? sel.id === e.id : e.from === sel.id || e.to === sel.id);
      if (touches) wanted.add(e.id);
    }
    const updates = [];
    for (const id of wanted) {
      if (!labelledQuiet.has(id)) updates.push({ id, font: { size: EDGE_FONT_SIZE } });
    }
    for (const id of labelledQuiet) {
      if (!wanted.has(id)) updates.push({ id, font: { size: 0 } });
    }
    if (updates.length) edges.update(updates);
    labelledQuiet = wanted;
  }

  function selectNode(id, opts) {
    if (!byId.has(id)) return;
    const node = byId.get(id);
    if (state.hiddenCategories.has(node.category)) {
      state.hiddenCategories.delete(node.category);
      syncLegend();
    }
    state.selected = { type: "node", id };
    state.centre = id;
    applyFilters();
    labelQuietEdges();
    network.selectNodes([id]);
    showNode(id);
    if (state.hops !== "all") fitVisible();
    else if (opts && opts.focus) {
      network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: ANIMATION });
    }
  }

  function selectEdge(id) {
    if (!edgeById.has(id)) return;
    state.selected = { type: "edge", id };
    labelQuietEdges();
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    showEdge(id);
  }

  function clearSelection() {
    state.selected = null;
    state.centre = null;
    labelQuietEdges();
    network.unselectAll();
    applyFilters();
    showOverview();
  }

  function compareMatches(a, b) {
    if (a.score !== b.score) return a.score - b.score;
    if (a.label.length !== b.label.length) return a.label.length - b.label.length;
    return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  }

  function findService(query) {
    const q = query.trim().toLowerCase();
    if (!q) return null;
    let best = null;
    for (const n of nodeList) {
      let score = 9;
      for (const name of [n.label, n.id, n.fullName, ...n.aliases]) {
        if (!name) continue;
        const s = name.toLowerCase();
        if (s === q) score = Math.min(score, 0);
        else if (s.startsWith(q)) score = Math.min(score, 1);
        else if (s.includes(q)) score = Math.min(score, 2);
      }
      if (score === 9) continue;
      // Best: exact before prefix before substring, then the shortest label, then A–Z.
      const candidate = { id: n.id, score, label: n.label };
      if (!best || compareMatches(candidate, best) < 0) best = candidate;
    }
    return best ? best.id : null;
  }

  function search(query) {
    const status = $("search-status");
    if (!query.trim()) {
      status.textContent = "";
      return null;
    }
    const id = findService(query);
    status.textContent = id ? "" : "no match";
    if (id) selectNode(id, { focus: true });
    return id;
  }

  // ---- wiring ---------------------------------------------------------------------------

  function wire() {
    const names = $("service-names");
    const sorted = [...nodeList].sort((a, b) => a.label.localeCompare(b.label));
    for (const n of sorted) names.append(el("option", { value: n.label }));
    const box = $("search");
    box.addEventListener("input", () => search(box.value));
    box.addEventListener("keydown", (event) => {
      if (event.key === "Enter") search(box.value);
      if (event.key === "Escape") {
        box.value = "";
        $("search-status").textContent = "";
        clearSelection();
      }
    });
    $("hops").addEventListener("change", (event) => {
      state.hops = event.target.value;
      applyFilters();
      fitVisible();
    });
    $("hide-isolated").addEventListener("change", (event) => {
      state.hideIsolated = event.target.checked;
      applyFilters();
    });
    $("physics").addEventListener("change", (event) => {
      network.setOptions({ physics: { enabled: event.target.checked } });
    });
    $("fit").addEventListener("click", fitVisible);
    network.on("click", (params) => {
      if (params.nodes.length) selectNode(params.nodes[0]);
      else if (params.edges.length) selectEdge(params.edges[0]);
      else clearSelection();
    });
    const scheme = window.matchMedia("(prefers-color-scheme: dark)");
    scheme.addEventListener("change", () => {
      const outline = themeColors().text;
      network.setOptions(themeOptions());
      nodes.update(
        nodes.get().map((n) => ({
          id: n.id,
          color: {
            ...n.color,
            highlight: { ...n.color.highlight, border: outline },
            hover: { ...n.color.hover, border: outline },
          },
        })),
      );
    });
  }

  const api = {
    network,
    nodes,
    edges,
    data: raw,
    ready: false,
    state,
    selectedPanelText: () => panel.innerText,
    visibleNodeIds,
    visibleEdgeIds,
    selectNode,
    selectEdge,
    search,
  };
  window.kgnotes = api;

  function markReady() {
    if (api.ready) return;
    network.setOptions({ physics: { enabled: false } });
    network.fit({ maxZoomLevel: MAX_FIT_ZOOM });
    api.ready = true;
    api.readyMs = Math.round(performance.now());
    document.body.dataset.ready = "true";
  }

  buildLegend();
  buildRelations();
  updateCounts(null);
  showOverview();
  wire();
  network.once("stabilizationIterationsDone", markReady);
  network.once("stabilized", markReady);
  if (!nodeList.length) markReady();
})();
