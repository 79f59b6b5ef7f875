// The page of `tot graph --format html`: the run's executions and files as a graph (Cytoscape.js
// with the dagre layout), details of what is clicked, a search, and a timeline. Every text from the
// run is set with textContent: paths and arguments are data, never markup.
(function () {
  'use strict';

  var OPS = ['read', 'write', 'create', 'delete', 'rename', 'exec'];
  var EXEC_BUDGET = 150;   // executions drawn at first; the rest stay inside closed boxes and "more" nodes
  var CHILD_PAGE = 40;     // children an open execution draws at a time
  var DAGRE_LIMIT = 900;   // past this many elements, a faster layout than dagre
  var PAGE = 100;          // rows a list shows before "show more"
  var ROW = 18;            // timeline row height (px)

  var data = JSON.parse(document.getElementById('tot-data').textContent);
  var execs = data.x.map(function (r, i) {
    return { i: i, id: r[0], parent: r[1], depth: r[2], label: r[3], command: r[4], cwd: r[5], pid: r[6],
      start: r[7], end: r[8], exit: r[9], warnings: r[10], children: [], edges: [] };
  });
  var files = data.f.map(function (r, i) { return { i: i, path: r[0], label: r[1], group: r[2], edges: [] }; });
  var groups = data.g.map(function (r, i) { return { i: i, dir: r[0], label: r[1], size: r[2], files: [] }; });
  var edges = data.a.map(function (r) { return { x: r[0], f: r[1], op: OPS[r[2]], sha1: r[3] }; });
  var focus = new Set(data.focus);
  execs.forEach(function (x) { if (x.parent >= 0) execs[x.parent].children.push(x.i); });
  files.forEach(function (f) { if (f.group >= 0) groups[f.group].files.push(f.i); });
  edges.forEach(function (e) { execs[e.x].edges.push(e); files[e.f].edges.push(e); });
  var below = execs.map(function () { return 0; }); // descendants of each execution
  for (var k = execs.length - 1; k >= 0; k--) if (execs[k].parent >= 0) below[execs[k].parent] += below[k] + 1;

  // --- what is drawn ---------------------------------------------------------------------------
  // An open execution draws its first `shown` children (CHILD_PAGE more each time its "more" node
  // is clicked); a closed one stands for everything below it. An execution asked for by a link,
  // the search or the timeline is pinned: drawn whatever page its parent shows. A group of files
  // (a directory past --max-files) is one node until opened.
  var shown = new Map(), pinned = new Set(), openGroup = new Set();
  execs.forEach(function (x) { x.children.forEach(function (c, k) { execs[c].pos = k; }); });
  function open(i) { shown.set(i, Math.min(execs[i].children.length, CHILD_PAGE)); }
  (function initialOpen() {
    var queue = execs.filter(function (x) { return x.parent < 0; }), drawn = queue.length;
    while (queue.length) {
      var x = queue.shift(), n = Math.min(x.children.length, CHILD_PAGE);
      if (!n || drawn + n > EXEC_BUDGET) continue;
      open(x.i);
      drawn += n;
      x.children.slice(0, n).forEach(function (c) { queue.push(execs[c]); });
    }
  })();

  /** For each execution, the node that draws it: itself ('x'), a closed ancestor ('x'), or its parent's "more" node ('m'). */
  function representatives() {
    var rep = new Array(execs.length);
    execs.forEach(function (x) { // a parent comes before its children
      var p = x.parent;
      if (p < 0) rep[x.i] = 'x' + x.i;
      else if (rep[p] !== 'x' + p || !shown.has(p)) rep[x.i] = rep[p];
      else if (x.pos >= shown.get(p) && !pinned.has(x.i)) rep[x.i] = 'm' + p;
      else rep[x.i] = 'x' + x.i;
    });
    return rep;
  }
  function fileNodeId(f) {
    var g = files[f].group;
    return g >= 0 && !openGroup.has(g) ? 'g' + g : 'f' + f;
  }

  function elements() {
    var els = [], seen = new Set(), rep = representatives();
    api.rep = rep;
    execs.forEach(function (x) {
      if (rep[x.i] !== 'x' + x.i) return;
      var closed = x.children.length > 0 && !shown.has(x.i);
      var cls = 'exec' + (x.exit !== null && x.exit !== 0 ? ' failed' : '') + (closed ? ' closed' : '');
      var label = x.label + (closed ? '  (+' + below[x.i] + ')' : '');
      els.push({ group: 'nodes', data: { id: 'x' + x.i, kind: 'exec', index: x.i, sid: x.id, label: label, w: width(label) }, classes: cls });
      if (x.parent >= 0) els.push({ group: 'edges', data: { id: 'p' + x.i, source: 'x' + x.parent, target: 'x' + x.i }, classes: 'parent' });
      var more = x.children.filter(function (c) { return rep[c] === 'm' + x.i; }).length;
      if (more) {
        var text = '+' + more + ' more';
        els.push({ group: 'nodes', data: { id: 'm' + x.i, kind: 'more', index: x.i, label: text, w: width(text) }, classes: 'more' });
        els.push({ group: 'edges', data: { id: 'pm' + x.i, source: 'x' + x.i, target: 'm' + x.i }, classes: 'parent' });
      }
    });
    var drawnFile = new Set();
    edges.forEach(function (e) { if (rep[e.x] === 'x' + e.x) drawnFile.add(e.f); });
    drawnFile.forEach(function (f) {
      var id = fileNodeId(f);
      if (seen.has(id)) return;
      seen.add(id);
      if (id[0] === 'g') {
        var g = groups[files[f].group];
        els.push({ group: 'nodes', data: { id: id, kind: 'group', index: g.i, dir: g.dir, label: g.label, w: width(g.label) }, classes: 'group' });
      } else {
        var file = files[f];
        els.push({ group: 'nodes', data: { id: id, kind: 'file', index: f, path: file.path, label: file.label, w: width(file.label) },
          classes: 'file' + (focus.has(f) ? ' focus' : '') });
      }
    });
    edges.forEach(function (e) {
      if (!drawnFile.has(e.f)) return;
      var x = rep[e.x], f = fileNodeId(e.f);
      var out = e.op === 'write' || e.op === 'create' || e.op === 'rename' || e.op === 'delete';
      var cls = e.op === 'create' || e.op === 'rename' ? 'write' : e.op;
      var id = (out ? x + '>' + f : f + '>' + x) + ':' + cls;
      if (seen.has(id)) return;
      seen.add(id);
      els.push({ group: 'edges', data: { id: id, source: out ? x : f, target: out ? f : x }, classes: cls });
    });
    return els;
  }

  function width(label) { return Math.min(220, Math.max(36, label.length * 6.2 + 14)); }

  // --- the graph ------------------------------------------------------------------------------
  var cy = cytoscape({
    container: document.getElementById('graph'),
    wheelSensitivity: 0.3,
    minZoom: 0.02,
    maxZoom: 4,
    textureOnViewport: true,
    hideEdgesOnViewport: execs.length > 1000,
    style: [
      { selector: 'node', style: { 'label': 'data(label)', 'font-size': 10, 'text-valign': 'center', 'text-halign': 'center',
        'width': 'data(w)', 'height': 22, 'text-wrap': 'ellipsis', 'text-max-width': 'data(w)', 'border-width': 1 } },
      { selector: 'node.exec', style: { 'shape': 'round-rectangle', 'background-color': '#dbe9f6', 'border-color': '#5b8fc7' } },
      { selector: 'node.exec.failed', style: { 'background-color': '#f6c6c6', 'border-color': '#c05050' } },
      { selector: 'node.exec.closed', style: { 'border-width': 3, 'border-style': 'double' } },
      { selector: 'node.file', style: { 'shape': 'ellipse', 'background-color': '#f2f2f2', 'border-color': '#999' } },
      { selector: 'node.more', style: { 'shape': 'round-rectangle', 'background-color': '#ffffff', 'border-color': '#5b8fc7', 'border-style': 'dashed', 'color': '#1a55a8' } },
      { selector: 'node.group', style: { 'shape': 'tag', 'background-color': '#efe3c8', 'border-color': '#b09050' } },
      { selector: 'node.focus', style: { 'background-color': '#fff2a8', 'border-width': 3, 'border-color': '#c9a800' } },
      { selector: 'node:selected', style: { 'border-color': '#e07000', 'border-width': 3 } },
      { selector: 'edge', style: { 'width': 1, 'curve-style': 'bezier', 'line-color': '#888', 'target-arrow-color': '#888',
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.7 } },
      { selector: 'edge.write', style: { 'line-color': '#1f5fbf', 'target-arrow-color': '#1f5fbf' } },
      { selector: 'edge.delete', style: { 'line-color': '#c03030', 'target-arrow-color': '#c03030', 'line-style': 'dashed', 'target-arrow-shape': 'tee' } },
      { selector: 'edge.exec', style: { 'line-style': 'dotted' } },
      { selector: 'edge.parent', style: { 'line-style': 'dashed', 'line-color': '#bbb', 'target-arrow-color': '#bbb' } },
      { selector: 'edge:selected', style: { 'width': 2 } }
    ]
  });

  var selected = null; // {kind, index}
  var api = { cy: cy, ready: false, select: select, reveal: reveal, render: render, execs: execs, files: files, groups: groups };
  window.totGraph = api;

  function render(then) {
    var els = elements();
    api.ready = false;
    cy.batch(function () { cy.elements().remove(); cy.add(els); });
    var big = els.length > DAGRE_LIMIT;
    var layout = cy.layout(big ? { name: 'breadthfirst', directed: true, spacingFactor: 0.9, animate: false }
      : { name: 'dagre', rankDir: 'LR', nodeSep: 8, rankSep: 50, edgeSep: 4, animate: false });
    layout.one('layoutstop', function () {
      cy.fit(undefined, 20);
      if (selected) markSelected();
      if (then) then();
      api.ready = true;
    });
    layout.run();
  }

  cy.on('tap', 'node', function (ev) {
    var d = ev.target.data();
    if (d.kind === 'more') moreChildren(d.index); else select(d.kind, d.index);
  });
  cy.on('dbltap', 'node', function (ev) {
    var d = ev.target.data();
    if (d.kind === 'exec' && execs[d.index].children.length) toggleExec(d.index);
    else if (d.kind === 'group') toggleGroup(d.index);
  });
  document.getElementById('fit').addEventListener('click', function () { cy.fit(undefined, 20); });

  function toggleExec(i) {
    if (shown.has(i)) shown.delete(i); else open(i);
    render(function () { select('exec', i); });
  }
  function moreChildren(i) {
    shown.set(i, Math.min(execs[i].children.length, shown.get(i) + CHILD_PAGE));
    render(function () { select('exec', i); });
  }
  function toggleGroup(g) {
    if (openGroup.has(g)) openGroup.delete(g); else openGroup.add(g);
    render(function () { select('group', g); });
  }

  /** Opens what hides a node, draws it if needed, then selects it. */
  function reveal(kind, index) {
    var changed = false, rep = api.rep;
    function pin(x) {
      if (rep[x] === 'x' + x) return;
      changed = true;
      pinned.add(x);
      for (var p = execs[x].parent; p >= 0; p = execs[p].parent) {
        if (!shown.has(p)) shown.set(p, 0);
        if (execs[p].parent >= 0 && rep[p] !== 'x' + p) pinned.add(p);
      }
    }
    if (kind === 'exec') pin(index);
    else if (kind === 'file') {
      var g = files[index].group;
      if (g >= 0 && !openGroup.has(g)) { openGroup.add(g); changed = true; }
      var drawn = files[index].edges.some(function (e) { return rep[e.x] === 'x' + e.x; });
      if (!drawn && files[index].edges.length) pin(files[index].edges[0].x);
    } else if (kind === 'group') {
      var member = groups[index].files[0];
      var seen = files[member].edges.some(function (e) { return rep[e.x] === 'x' + e.x; });
      if (!seen && files[member].edges.length) pin(files[member].edges[0].x);
    }
    if (changed) render(function () { select(kind, index); }); else select(kind, index);
  }

  function nodeId(kind, index) { return (kind === 'exec' ? 'x' : kind === 'group' ? 'g' : 'f') + index; }
  api.nodeId = nodeId;

  function markSelected() {
    cy.elements(':selected').unselect();
    var n = cy.getElementById(nodeId(selected.kind, selected.index));
    if (n.nonempty()) {
      n.select();
      if (!cy.extent() || !inView(n)) cy.center(n);
    }
  }
  function inView(n) {
    var e = cy.extent(), p = n.position();
    return p.x >= e.x1 && p.x <= e.x2 && p.y >= e.y1 && p.y <= e.y2;
  }

  // --- details --------------------------------------------------------------------------------
  var details = document.getElementById('details');

  function select(kind, index) {
    selected = { kind: kind, index: index };
    var key = kind === 'exec' ? 'exec=' + execs[index].id : kind === 'file' ? 'file=' + files[index].path : 'dir=' + groups[index].dir;
    try { history.replaceState(null, '', '#' + encodeURIComponent(key)); } catch (e) { /* a page without history */ }
    markSelected();
    clear(details);
    if (kind === 'exec') showExec(execs[index]);
    else if (kind === 'file') showFile(files[index]);
    else showGroup(groups[index]);
    timeline.mark(kind === 'exec' ? index : -1);
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function link(kind, index, text) {
    var a = el('a', text, 'node');
    a.href = '#';
    a.addEventListener('click', function (ev) { ev.preventDefault(); reveal(kind, index); });
    return a;
  }
  function sha(s) {
    var span = el('span', s ? s.slice(0, 8) : 'not hashed', 'sha');
    if (s) span.title = s;
    return span;
  }
  function fields(pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined) return;
      dl.appendChild(el('dt', p[0]));
      var dd = el('dd');
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = String(p[1]);
      dl.appendChild(dd);
    });
    return dl;
  }

  /** A list that shows PAGE items and a button for the next PAGE: thousands of rows cost nothing until asked for. */
  function lazyList(parent, title, items, render) {
    if (!items.length) return;
    parent.appendChild(el('h3', title + ' (' + items.length + ')'));
    var ul = el('ul', undefined, 'list');
    parent.appendChild(ul);
    var shown = 0, more = el('button', '', 'more');
    more.type = 'button';
    function page() {
      var end = Math.min(items.length, shown + PAGE);
      for (; shown < end; shown++) { var li = el('li'); render(li, items[shown]); ul.appendChild(li); }
      if (shown < items.length) more.textContent = 'Show ' + Math.min(PAGE, items.length - shown) + ' more of ' + (items.length - shown);
      else more.remove();
    }
    more.addEventListener('click', page);
    parent.appendChild(more);
    page();
  }

  function duration(x) {
    if (x.start === null) return null;
    if (x.end === null) return 'started at +' + ms(x.start) + ', end unknown';
    return ms(x.end - x.start) + ' (from +' + ms(x.start) + ' to +' + ms(x.end) + ')';
  }
  function ms(us) { return us >= 10000 ? (us / 1000).toFixed(0) + ' ms' : (us / 1000).toFixed(2) + ' ms'; }

  function showExec(x) {
    details.appendChild(el('h2', x.label));
    details.appendChild(el('h3', 'Command line'));
    details.appendChild(el('pre', x.command, 'command'));
    details.appendChild(fields([
      ['id', x.id], ['pid', x.pid], ['cwd', x.cwd],
      ['exit', x.exit === null ? 'none (it executed another program)' : x.exit],
      ['time', duration(x)],
      ['parent', x.parent >= 0 ? link('exec', x.parent, execs[x.parent].label) : null]
    ]));
    x.warnings.forEach(function (w) { details.appendChild(el('p', 'warning: ' + w, 'warn')); });
    if (x.children.length) {
      var b = el('button', (shown.has(x.i) ? 'Close' : 'Open') + ' (' + below[x.i] + ' below)');
      b.type = 'button';
      b.addEventListener('click', function () { toggleExec(x.i); });
      details.appendChild(b);
    }
    function byOp(ops) { return x.edges.filter(function (e) { return ops.indexOf(e.op) >= 0; }); }
    function fileRow(li, e) { li.appendChild(link('file', e.f, files[e.f].path)); li.appendChild(sha(e.sha1)); }
    lazyList(details, 'Inputs', byOp(['read']), fileRow);
    lazyList(details, 'Outputs', byOp(['write', 'create', 'rename']), fileRow);
    lazyList(details, 'Deleted', byOp(['delete']), fileRow);
    lazyList(details, 'Program', byOp(['exec']), fileRow);
    lazyList(details, 'Started', x.children, function (li, c) { li.appendChild(link('exec', c, execs[c].label)); });
  }

  function showFile(f) {
    details.appendChild(el('h2', f.path, 'mono'));
    if (f.group >= 0) details.appendChild(fields([['in', link('group', f.group, groups[f.group].label)]]));
    function byOp(ops) { return f.edges.filter(function (e) { return ops.indexOf(e.op) >= 0; }); }
    function execRow(li, e) { li.appendChild(link('exec', e.x, execs[e.x].label)); li.appendChild(sha(e.sha1)); }
    lazyList(details, 'Written by', byOp(['write', 'create', 'rename']), execRow);
    lazyList(details, 'Read by', byOp(['read']), execRow);
    lazyList(details, 'Run by', byOp(['exec']), execRow);
    lazyList(details, 'Deleted by', byOp(['delete']), execRow);
  }

  function showGroup(g) {
    details.appendChild(el('h2', g.dir + '/', 'mono'));
    details.appendChild(el('p', g.size + ' files, drawn as one node (tot graph --max-files).', 'hint'));
    var b = el('button', openGroup.has(g.i) ? 'Collapse' : 'Show each file');
    b.type = 'button';
    b.addEventListener('click', function () { toggleGroup(g.i); });
    details.appendChild(b);
    lazyList(details, 'Files', g.files, function (li, f) { li.appendChild(link('file', f, files[f].path)); });
  }

  // --- search ---------------------------------------------------------------------------------
  var results = document.getElementById('results');
  var search = document.getElementById('search');
  var pending = null;
  search.addEventListener('input', function () {
    clearTimeout(pending);
    pending = setTimeout(runSearch, 150);
  });
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    clear(results);
    results.hidden = !q;
    if (!q) return;
    var fileHits = files.filter(function (f) { return f.path.toLowerCase().indexOf(q) >= 0; });
    var execHits = execs.filter(function (x) { return x.command.toLowerCase().indexOf(q) >= 0; });
    if (!fileHits.length && !execHits.length) results.appendChild(el('p', 'Nothing matches.', 'hint'));
    lazyList(results, 'Files', fileHits, function (li, f) { li.appendChild(link('file', f.i, f.path)); });
    lazyList(results, 'Executions', execHits, function (li, x) { li.appendChild(link('exec', x.i, x.command)); });
  }

  // --- timeline: every execution, in tree order, drawn only where the view is -----------------
  var timeline = (function () {
    var scroll = document.getElementById('tl-scroll'), rows = document.getElementById('tl-rows');
    var order = [];
    (function walk(list) {
      list.forEach(function (i) { order.push(i); walk(execs[i].children); });
    })(execs.filter(function (x) { return x.parent < 0; }).map(function (x) { return x.i; }));
    var t0 = Infinity, t1 = -Infinity;
    execs.forEach(function (x) {
      if (x.start !== null) { t0 = Math.min(t0, x.start); t1 = Math.max(t1, x.start); }
      if (x.end !== null) t1 = Math.max(t1, x.end);
    });
    var span = t1 > t0 ? t1 - t0 : 1;
    document.getElementById('tl-title').textContent = 'Timeline: ' + execs.length + ' executions';
    document.getElementById('tl-scale').textContent = t0 === Infinity ? 'no times recorded' : 'span ' + ms(t1 - t0);
    rows.style.height = (order.length * ROW) + 'px';
    var marked = -1, drawn = new Map();
    function row(pos) {
      var x = execs[order[pos]];
      var r = el('div', undefined, 'tl-row' + (x.i === marked ? ' selected' : ''));
      r.style.top = (pos * ROW) + 'px';
      r.dataset.index = x.i;
      var label = el('div', x.label, 'tl-label');
      label.style.paddingLeft = (4 + Math.min(x.depth, 30) * 10) + 'px';
      label.title = x.command;
      r.appendChild(label);
      var track = el('div', undefined, 'tl-track');
      if (x.start !== null) {
        var end = x.end !== null ? x.end : t1;
        var bar = el('div', undefined, 'tl-bar' + (x.exit !== null && x.exit !== 0 ? ' failed' : ''));
        bar.style.left = ((x.start - t0) / span * 100) + '%';
        bar.style.width = ((end - x.start) / span * 100) + '%';
        track.appendChild(bar);
      }
      r.appendChild(track);
      r.addEventListener('click', function () { reveal('exec', x.i); });
      return r;
    }
    function draw() {
      var first = Math.max(0, Math.floor(scroll.scrollTop / ROW) - 5);
      var last = Math.min(order.length, Math.ceil((scroll.scrollTop + scroll.clientHeight) / ROW) + 5);
      drawn.forEach(function (r, pos) { if (pos < first || pos >= last) { r.remove(); drawn.delete(pos); } });
      for (var pos = first; pos < last; pos++) {
        if (!drawn.has(pos)) { var r = row(pos); rows.appendChild(r); drawn.set(pos, r); }
      }
    }
    scroll.addEventListener('scroll', draw);
    window.addEventListener('resize', draw);
    draw();
    return {
      mark: function (i) {
        marked = i;
        drawn.forEach(function (r) { r.classList.toggle('selected', Number(r.dataset.index) === i); });
        var pos = order.indexOf(i);
        if (pos >= 0 && (pos * ROW < scroll.scrollTop || (pos + 1) * ROW > scroll.scrollTop + scroll.clientHeight)) {
          scroll.scrollTop = Math.max(0, pos * ROW - scroll.clientHeight / 2);
          draw();
        }
      }
    };
  })();

  document.getElementById('title').textContent = 'run ' + data.run.id + ': ' + data.run.command +
    (data.run.exit !== null ? '  (exit ' + data.run.exit + ')' : '') + (data.run.cwd ? '  in ' + data.run.cwd : '');
  /** A link to the page with #exec=ID, #file=PATH or #dir=DIR selects that node once drawn. */
  function fromLocation() {
    var h;
    try { h = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var eq = h.indexOf('='), kind = h.slice(0, eq), key = h.slice(eq + 1);
    var found = kind === 'exec' ? execs.find(function (x) { return x.id === key; })
      : kind === 'file' ? files.find(function (f) { return f.path === key; })
      : kind === 'dir' ? groups.find(function (g) { return g.dir === key; }) : null;
    if (found) reveal(kind === 'dir' ? 'group' : kind, found.i);
  }
  render(fromLocation);
})();
