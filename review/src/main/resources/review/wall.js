// The camera wall and the zone editor (operators): plain JavaScript after app.js, whose api(), t(), $() and state it
// uses. Text goes in with textContent only; pictures are the server's latest JPEG per camera, fetched again only when
// its version changes and only for tiles on screen.
'use strict';

Object.assign(I18N.zh, {
  wall: '摄像机墙', wall_search: '搜索（编号或地点）', cam_up: '在线', cam_down: '离线', cam_reconnecting: '重连中',
  aim_shifted: '画面偏移（区域已随动）', aim_misaimed: '镜头偏离，规则暂停', aim_covered: '镜头遮挡，规则暂停', aim_blurred: '画面模糊，规则暂停',
  wall_counts: '共 {total} 路 · 在线 {up} · 重连中 {reconnecting} · 离线 {down}', no_picture: '暂无画面',
  picture_age: '画面 {s} 秒前', analyzed: '已分析 {n}', dropped: '丢帧 {n}', cases_today: '今日案件 {n}',
  back_to_wall: '← 返回摄像机墙', ed_title: '区域编辑 · {id}', ed_add_zone: '新增区域', ed_preview: '预览（最近几分钟）',
  ed_save: '保存', ed_hint: '点击画面添加顶点；拖动顶点移动；双击顶点删除。键盘：Tab 选中顶点，方向键移动（Shift 加速），Delete 删除，Insert 在其后插入。',
  ed_saved: '已保存，约两秒内生效（无需重启）', ed_points: '{n} 个顶点', ed_delete_zone: '删除此区域',
  ed_schedule: '时段', ed_add_window: '添加时段', ed_rules: '规则参数（留空为沿用摄像机/全局设置）',
  ed_default: '默认 {v}', ed_preview_none: '最近没有检测记录', ed_fires: '会立案', ed_not_fires: '不会立案',
  ed_inside: '区域内：{objs}', ed_longest: '最长持续 {s} 秒 / 需 {d} 秒', ed_preview_span: '回放 {n} 帧：{from} – {to}',
  ed_remove: '删除', zone_new: '新区域',
  f_id: '区域编号', f_type: '类型', f_place: '地点', f_unit: '责任单位', f_polygon: '多边形',
  no_vending: '禁止占道经营', vending_allowed: '允许经营（夜市）', no_bike_parking: '禁停单车', bike_parking: '单车停放区',
  drain: '排水口', road: '道路', mask: '屏蔽区',
});
Object.assign(I18N.en, {
  wall: 'Camera wall', wall_search: 'Search (id or place)', cam_up: 'up', cam_down: 'down', cam_reconnecting: 'reconnecting',
  aim_shifted: 'moved (zones follow)', aim_misaimed: 'misaimed: rules paused', aim_covered: 'covered: rules paused', aim_blurred: 'blurred: rules paused',
  wall_counts: '{total} cameras · {up} up · {reconnecting} reconnecting · {down} down', no_picture: 'no picture yet',
  picture_age: 'picture {s} s old', analyzed: '{n} analysed', dropped: '{n} dropped', cases_today: '{n} cases today',
  back_to_wall: '← Back to the wall', ed_title: 'Zones · {id}', ed_add_zone: 'Add zone', ed_preview: 'Preview (last minutes)',
  ed_save: 'Save', ed_hint: 'Click the picture to add a point; drag a point to move it; double-click a point to delete it. Keyboard: Tab to a point, arrows move it (Shift: faster), Delete removes it, Insert adds one after it.',
  ed_saved: 'Saved; applied within two seconds (no restart)', ed_points: '{n} points', ed_delete_zone: 'Delete this zone',
  ed_schedule: 'Schedule', ed_add_window: 'Add window', ed_rules: 'Rule settings (empty: the camera\'s or global value)',
  ed_default: 'default {v}', ed_preview_none: 'No recent detections', ed_fires: 'would raise a case',
  ed_not_fires: 'would not raise a case', ed_inside: 'inside: {objs}', ed_longest: 'longest {s} s of {d} s needed',
  ed_preview_span: 'replayed {n} frames: {from} – {to}', ed_remove: 'Remove', zone_new: 'new-zone',
  f_id: 'Zone id', f_type: 'Type', f_place: 'Place', f_unit: 'Responsible unit', f_polygon: 'Polygon',
  no_vending: 'No vending', vending_allowed: 'Vending allowed (market)', no_bike_parking: 'No bike parking',
  bike_parking: 'Bike bays', drain: 'Drain', road: 'Road', mask: 'Mask',
});

const SVG = 'http://www.w3.org/2000/svg';
const WALL_PAGE = 60;
const WALL_MAX_PAGE = 500; // the server's largest page (CameraWall.MAX_PAGE)
const WALL_REFRESH_MS = 3000;
const wall = { cameras: [], total: 0, timer: null, seen: new Set(), observer: null, loading: false, gen: 0,
  moreWanted: false };
const ed = { camera: null, version: null, zones: [], schema: [], sel: 0, point: -1, drag: -1, moved: false, w: 1000, h: 750 };

function svgEl(name, attrs) {
  const el = document.createElementNS(SVG, name);
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  return el;
}

function pictureUrl(id, version) {
  return '/api/cameras/' + encodeURIComponent(id) + '/picture?v=' + version;
}

// zones drawn over a picture of w x h (the viewBox), masks hatched grey
function drawZones(svg, zones, w, h) {
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + h);
  svg.replaceChildren(...zones.filter((z) => Array.isArray(z.polygon)).map((z) => {
    const p = svgEl('polygon', { points: z.polygon.map(([x, y]) => x * w + ',' + y * h).join(' '),
      class: 'zone ' + z.type });
    const title = svgEl('title', {});
    title.textContent = z.id + ' · ' + t(z.type);
    p.append(title);
    return p;
  }));
}

// ---- the wall ----

function wallQuery(offset, limit) {
  const p = new URLSearchParams();
  if ($('w-q').value.trim()) p.set('q', $('w-q').value.trim());
  if ($('w-state').value) p.set('state', $('w-state').value);
  p.set('offset', String(offset));
  p.set('limit', String(limit));
  return p.toString();
}

// a reload keeps as many tiles as were loaded (the operator's scroll), asked for in pages the server allows
async function loadWall(more) {
  if (more && wall.loading) { wall.moreWanted = true; return; } // asked again once the page on its way is in
  const gen = more ? wall.gen : ++wall.gen; // a reload outdates a page of "more" still on its way
  wall.loading = true;
  const offset = more ? wall.cameras.length : 0;
  const want = more ? WALL_PAGE : Math.max(WALL_PAGE, wall.cameras.length);
  try {
    let cameras = [];
    let data;
    let firstTotal = null;
    let moved = false; // cameras added or removed between two pages: the next refresh loads the wall again
    do {
      data = await api('GET', '/api/wall?' + wallQuery(offset + cameras.length,
        Math.min(WALL_MAX_PAGE, want - cameras.length)));
      if (firstTotal === null) firstTotal = data.total; else moved = moved || data.total !== firstTotal;
      cameras = cameras.concat(data.cameras);
    } while (cameras.length < want && offset + cameras.length < data.total && data.cameras.length);
    if (gen !== wall.gen) { if (more) loadWall(true); return; } // outdated by a reload: asked again on top of it
    const have = new Set(more ? wall.cameras.map((c) => c.id) : []);
    cameras = cameras.filter((c) => !have.has(c.id) && have.add(c.id)); // a camera that moved between pages once
    wall.cameras = more ? wall.cameras.concat(cameras) : cameras;
    wall.total = moved ? -1 : data.total;
    showCounts(data.counts);
    renderWall();
  } catch (e) {
    if (gen === wall.gen) $('wall-counts').textContent = t('error') + e.message;
  } finally {
    if (gen === wall.gen) {
      wall.loading = false;
      if (wall.moreWanted) { wall.moreWanted = false; loadWall(true); }
    }
  }
}

function showCounts(c) {
  $('wall-counts').textContent = t('wall_counts', Object.assign({ total: c.up + c.down + c.reconnecting }, c));
}

// a refresh asks only for the tiles on screen, so its cost does not grow with how far the wall was scrolled; if the
// cameras changed meanwhile (added, removed, another state), the wall is loaded again
async function refreshWall() {
  const shown = wall.cameras.map((c, i) => (wall.seen.has(c.id) ? i : -1)).filter((i) => i >= 0);
  if (!shown.length) { loadWall(false); return; }
  const from = shown[0];
  try {
    const data = await api('GET', '/api/wall?' + wallQuery(from, shown[shown.length - 1] - from + 1));
    if (data.total !== wall.total || data.cameras.some((c, i) => !wall.cameras[from + i] || wall.cameras[from + i].id !== c.id)) {
      loadWall(false);
      return;
    }
    showCounts(data.counts);
    const tiles = $('wall').children;
    data.cameras.forEach((c, i) => { wall.cameras[from + i] = c; updateTile(tiles[from + i], c); });
  } catch (e) { $('wall-counts').textContent = t('error') + e.message; }
}

// tiles are kept by camera id and updated in place, so a refresh re-fetches only pictures that changed
function renderWall() {
  const list = $('wall');
  const old = new Map([...list.children].map((li) => [li.dataset.id, li]));
  list.replaceChildren(...wall.cameras.map((c) => {
    const li = old.get(c.id) || newTile(c);
    updateTile(li, c);
    return li;
  }));
  $('wall-more').hidden = wall.cameras.length >= wall.total;
}

function newTile(c) {
  const li = document.createElement('li');
  li.dataset.id = c.id;
  const open = document.createElement('button');
  open.type = 'button';
  open.className = 'tile-open';
  const pic = document.createElement('div');
  pic.className = 'pic';
  const img = document.createElement('img');
  img.alt = c.id;
  const svg = svgEl('svg', { 'aria-hidden': 'true' });
  const none = document.createElement('span');
  none.className = 'no-picture';
  pic.append(img, svg, none);
  const meta = document.createElement('div');
  meta.className = 'tile-meta';
  open.append(pic, meta);
  open.addEventListener('click', () => openEditor(li.dataset.id));
  li.append(open);
  wall.observer.observe(li);
  return li;
}

function updateTile(li, c) {
  li.className = 'tile ' + c.state;
  li.camera = c;
  const img = li.querySelector('img');
  const w = c.picture ? c.picture.width : 640;
  const h = c.picture ? c.picture.height : 480;
  drawZones(li.querySelector('svg'), c.zones, w, h);
  li.querySelector('.no-picture').textContent = c.picture ? '' : t('no_picture');
  if (c.picture && wall.seen.has(c.id) && img.dataset.version !== String(c.picture.version)) {
    img.dataset.version = String(c.picture.version);
    img.src = pictureUrl(c.id, c.picture.version);
  }
  const meta = li.querySelector('.tile-meta');
  const title = document.createElement('strong');
  title.textContent = c.id;
  const badge = document.createElement('span');
  badge.className = 'badge ' + c.state;
  badge.textContent = t('cam_' + c.state);
  const place = document.createElement('div');
  place.className = 'muted';
  place.textContent = c.place || '';
  const stats = document.createElement('div');
  stats.className = 'muted';
  stats.textContent = [c.picture_age_s == null ? t('no_picture') : t('picture_age', { s: Math.round(c.picture_age_s) }),
    t('analyzed', { n: c.frames_analyzed }), t('dropped', { n: c.frames_dropped }),
    t('cases_today', { n: c.cases_today })].join(' · ');
  const parts = [title, badge];
  if (c.aim && c.aim !== 'ok') { // the camera moved, is covered or blurred: its zones may be wrong
    const aim = document.createElement('span');
    aim.className = 'badge aim-' + c.aim;
    aim.textContent = t('aim_' + c.aim);
    parts.push(aim);
    if (c.aim !== 'shifted') li.classList.add('suspended');
  }
  meta.replaceChildren(...parts, place, stats);
}

// only tiles on screen load pictures: a wall of thousands costs what the screen shows
function onScreen(entries) {
  for (const e of entries) {
    const li = e.target;
    if (e.isIntersecting) {
      wall.seen.add(li.dataset.id);
      if (li.camera) updateTile(li, li.camera);
    } else {
      wall.seen.delete(li.dataset.id);
    }
  }
}

function showWall() {
  tab('wall');
  loadWall(false);
  clearInterval(wall.timer);
  wall.timer = setInterval(() => {
    if (!$('wall-view').hidden && !document.hidden) refreshWall();
    else if ($('wall-view').hidden) clearInterval(wall.timer);
  }, WALL_REFRESH_MS);
}

// ---- the zone editor ----

async function openEditor(id) {
  clearInterval(wall.timer);
  tab('editor');
  $('ed-error').textContent = '';
  $('ed-state').textContent = '';
  $('ed-preview-out').replaceChildren();
  $('ed-title').textContent = t('ed_title', { id });
  try {
    const data = await api('GET', '/api/cameras/' + encodeURIComponent(id) + '/zones');
    ed.camera = id;
    ed.version = data.version;
    ed.schema = data.schema;
    ed.zones = data.zones.map((z) => Object.assign({ polygon: [] }, z));
    ed.sel = ed.zones.length ? 0 : -1;
    ed.point = -1;
    ed.latest = [];
    ed.w = data.picture ? data.picture.width : 1000;
    ed.h = data.picture ? data.picture.height : 750;
    const img = $('ed-img');
    if (data.picture) img.src = pictureUrl(id, data.picture.version); else img.removeAttribute('src');
    img.alt = id;
    renderEditor();
  } catch (e) { $('ed-error').textContent = t('error') + e.message; }
}

function zoneSchema(name) { return ed.schema.find((k) => k.name === name); }

function renderEditor() {
  drawEditor();
  $('ed-zones').replaceChildren(...ed.zones.map((z, i) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'link' + (i === ed.sel ? ' selected' : '');
    b.textContent = (z.id || '?') + ' · ' + t(z.type || '') + ' · ' + t('ed_points', { n: (z.polygon || []).length });
    b.addEventListener('click', () => { ed.sel = i; ed.point = -1; renderEditor(); });
    li.append(b);
    return li;
  }));
  renderForm();
}

function drawEditor() {
  const svg = $('ed-svg');
  svg.setAttribute('viewBox', '0 0 ' + ed.w + ' ' + ed.h);
  const r = Math.max(ed.w, ed.h) / 90;
  const parts = [];
  ed.zones.forEach((z, i) => {
    const pts = (z.polygon || []).map(([x, y]) => x * ed.w + ',' + y * ed.h).join(' ');
    parts.push(svgEl('polygon', { points: pts, class: 'zone ' + z.type + (i === ed.sel ? ' selected' : '') }));
  });
  for (const o of ed.latest || []) {
    const [x1, y1, x2, y2] = o.box;
    parts.push(svgEl('rect', { x: x1 * ed.w, y: y1 * ed.h, width: (x2 - x1) * ed.w, height: (y2 - y1) * ed.h,
      class: 'box' + (o.inside.length ? ' inside' : '') }));
  }
  const z = ed.zones[ed.sel];
  if (z) {
    z.polygon.forEach(([x, y], i) => {
      const c = svgEl('circle', { cx: x * ed.w, cy: y * ed.h, r, class: 'handle' + (i === ed.point ? ' active' : ''),
        tabindex: '0', role: 'button', 'aria-label': t('f_polygon') + ' ' + (i + 1), 'data-i': String(i) });
      c.addEventListener('mousedown', (ev) => { ev.preventDefault(); ev.stopPropagation(); ed.drag = i; ed.point = i; });
      c.addEventListener('dblclick', (ev) => { ev.preventDefault(); ev.stopPropagation(); removePoint(i); });
      c.addEventListener('keydown', (ev) => pointKey(ev, i));
      c.addEventListener('focus', () => { ed.point = i; });
      parts.push(c);
    });
  }
  svg.replaceChildren(...parts);
}

function fraction(ev) {
  const box = $('ed-svg').getBoundingClientRect();
  const clamp = (v) => Math.min(1, Math.max(0, v));
  return [round(clamp((ev.clientX - box.left) / box.width)), round(clamp((ev.clientY - box.top) / box.height))];
}

// a thousandth of the picture is finer than anyone draws
function round(v) { return Math.round(v * 1000) / 1000; }

// a new point goes into the edge where it lengthens the outline least
function addPoint(p) {
  const z = ed.zones[ed.sel];
  if (!z) return;
  const pts = z.polygon;
  let at = pts.length;
  if (pts.length >= 3) {
    let best = Infinity;
    const d = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i];
      const b = pts[(i + 1) % pts.length];
      const cost = d(a, p) + d(p, b) - d(a, b);
      if (cost < best) { best = cost; at = i + 1; }
    }
  }
  pts.splice(at, 0, p);
  ed.point = at;
  renderEditor();
}

function removePoint(i) {
  const z = ed.zones[ed.sel];
  z.polygon.splice(i, 1);
  ed.point = Math.min(i, z.polygon.length - 1);
  renderEditor();
  focusPoint();
}

function focusPoint() {
  const h = $('ed-svg').querySelector('circle[data-i="' + ed.point + '"]');
  if (h) h.focus();
}

function pointKey(ev, i) {
  const z = ed.zones[ed.sel];
  const step = ev.shiftKey ? 0.05 : 0.005;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
  if (moves[ev.key]) {
    const [dx, dy] = moves[ev.key];
    z.polygon[i] = [round(Math.min(1, Math.max(0, z.polygon[i][0] + dx))), round(Math.min(1, Math.max(0, z.polygon[i][1] + dy)))];
  } else if (ev.key === 'Delete' || ev.key === 'Backspace') {
    removePoint(i);
    ev.preventDefault();
    return;
  } else if (ev.key === 'Insert' || ev.key === '+') {
    const a = z.polygon[i];
    const b = z.polygon[(i + 1) % z.polygon.length];
    z.polygon.splice(i + 1, 0, [round((a[0] + b[0]) / 2), round((a[1] + b[1]) / 2)]);
    i += 1;
  } else {
    return;
  }
  ev.preventDefault();
  ed.point = i;
  renderEditor();
  focusPoint();
}

// ---- the form, built from the zone settings' declarations (type, default, range, choices, doc) ----

function field(label, input, doc) {
  const l = document.createElement('label');
  const s = document.createElement('span');
  s.textContent = label;
  l.append(s, input);
  if (doc) l.title = doc;
  return l;
}

// an input for one declared scalar setting; set(value) gets the typed value, or undefined when left empty
function input(key, value, set) {
  let el;
  if (key.choices) {
    el = document.createElement('select');
    const opts = key.required ? key.choices : [''].concat(key.choices);
    el.replaceChildren(...opts.map((c) => { const o = document.createElement('option'); o.value = c; o.textContent = c ? (t(c) !== c ? t(c) + ' (' + c + ')' : c) : '—'; return o; }));
    el.value = value == null ? '' : value;
    el.addEventListener('change', () => { set(el.value || undefined); renderEditorKeepForm(); });
  } else if (key.type === 'boolean') {
    el = document.createElement('select');
    el.replaceChildren(...['', 'true', 'false'].map((c) => { const o = document.createElement('option'); o.value = c; o.textContent = c || '—'; return o; }));
    el.value = value == null ? '' : String(value);
    el.addEventListener('change', () => set(el.value === '' ? undefined : el.value === 'true'));
  } else if (key.type === 'int' || key.type === 'double' || key.type === 'long') {
    el = document.createElement('input');
    el.type = 'number';
    if (key.min != null) el.min = key.min;
    if (key.max != null) el.max = key.max;
    el.step = key.type === 'double' ? 'any' : '1';
    el.value = value == null ? '' : value;
    el.addEventListener('input', () => set(el.value === '' ? undefined : Number(el.value)));
  } else if (key.type === 'string_list') {
    el = document.createElement('input');
    el.value = value == null ? '' : value.join(', ');
    el.addEventListener('input', () => set(el.value.trim() === '' ? undefined : el.value.split(',').map((x) => x.trim()).filter((x) => x)));
  } else if (key.type === 'string') {
    el = document.createElement('input');
    el.maxLength = 200;
    el.value = value == null ? '' : value;
    el.addEventListener('input', () => { set(el.value.trim() === '' ? undefined : el.value); renderEditorKeepForm(); });
  } else { // mappings and other lists: written as JSON
    el = document.createElement('input');
    el.value = value == null ? '' : JSON.stringify(value);
    el.addEventListener('input', () => { try { set(el.value.trim() === '' ? undefined : JSON.parse(el.value)); el.setCustomValidity(''); } catch (e) { el.setCustomValidity('JSON'); } });
  }
  el.name = key.name;
  el.placeholder = key.default != null && key.default !== '' ? t('ed_default', { v: Array.isArray(key.default) ? key.default.join(', ') : key.default }) : '';
  return el;
}

// the zone list's labels follow id and type as they are typed, without rebuilding the form under the cursor
function renderEditorKeepForm() {
  drawEditor();
  const items = $('ed-zones').querySelectorAll('button');
  ed.zones.forEach((z, i) => { if (items[i]) items[i].textContent = (z.id || '?') + ' · ' + t(z.type || '') + ' · ' + t('ed_points', { n: (z.polygon || []).length }); });
}

function renderForm() {
  const form = $('ed-form');
  const z = ed.zones[ed.sel];
  if (!z) { form.replaceChildren(); return; }
  const parts = [];
  for (const key of ed.schema) {
    if (key.name === 'polygon') {
      const p = document.createElement('output');
      p.id = 'ed-polygon';
      p.textContent = JSON.stringify(z.polygon);
      parts.push(field(t('f_polygon') + ' (' + key.range + ')', p, key.doc));
    } else if (key.name === 'schedule') {
      parts.push(scheduleField(z, key));
    } else if (key.name === 'rules') {
      parts.push(rulesField(z, key));
    } else if (!key.keys) {
      const label = t('f_' + key.name) + (key.range ? ' (' + key.range + ')' : '');
      parts.push(field(label, input(key, z[key.name], (v) => { if (v === undefined) delete z[key.name]; else z[key.name] = v; }), key.doc));
    }
  }
  const del = document.createElement('button');
  del.type = 'button';
  del.className = 'link danger';
  del.textContent = t('ed_delete_zone');
  del.addEventListener('click', () => { ed.zones.splice(ed.sel, 1); ed.sel = Math.min(ed.sel, ed.zones.length - 1); renderEditor(); });
  parts.push(del);
  form.replaceChildren(...parts);
}

function scheduleField(z, key) {
  const box = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = t('ed_schedule');
  box.title = key.doc;
  box.append(legend);
  z.schedule = z.schedule || [];
  z.schedule.forEach((w, i) => {
    const row = document.createElement('div');
    row.className = 'row';
    for (const k of key.keys) row.append(field(k.name + (k.range ? ' (' + k.range + ')' : ''), input(k, w[k.name], (v) => { if (v === undefined) delete w[k.name]; else w[k.name] = v; }), k.doc));
    const rm = document.createElement('button');
    rm.type = 'button';
    rm.className = 'link';
    rm.textContent = t('ed_remove');
    rm.addEventListener('click', () => { z.schedule.splice(i, 1); renderForm(); });
    row.append(rm);
    box.append(row);
  });
  const add = document.createElement('button');
  add.type = 'button';
  add.className = 'link';
  add.textContent = t('ed_add_window');
  add.addEventListener('click', () => { z.schedule.push({ days: 'daily', from: '08:00', to: '20:00' }); renderForm(); });
  box.append(add);
  return box;
}

function rulesField(z, key) {
  const box = document.createElement('fieldset');
  const legend = document.createElement('legend');
  legend.textContent = t('ed_rules');
  box.append(legend);
  z.rules = z.rules || {};
  for (const rule of key.keys) {
    const d = document.createElement('details');
    const s = document.createElement('summary');
    s.textContent = t(rule.name) + ' (' + rule.name + ')';
    d.append(s);
    const values = z.rules[rule.name] || {};
    if (Object.keys(values).length) d.open = true;
    for (const k of rule.keys) {
      if (k.keys) continue;
      d.append(field(k.name + (k.range ? ' (' + k.range + ')' : ''), input(k, values[k.name], (v) => {
        const r = z.rules[rule.name] || (z.rules[rule.name] = {});
        if (v === undefined) delete r[k.name]; else r[k.name] = v;
        if (!Object.keys(r).length) delete z.rules[rule.name];
      }), k.doc));
    }
    box.append(d);
  }
  return box;
}

async function saveZones() {
  $('ed-error').textContent = '';
  $('ed-state').textContent = '';
  try {
    const res = await api('POST', '/api/cameras/' + encodeURIComponent(ed.camera) + '/zones', { version: ed.version, zones: ed.zones });
    ed.version = res.version;
    $('ed-state').textContent = t('ed_saved');
  } catch (e) { $('ed-error').textContent = e.message; }
}

async function previewZones() {
  $('ed-error').textContent = '';
  try {
    const res = await api('POST', '/api/cameras/' + encodeURIComponent(ed.camera) + '/preview', { zones: ed.zones });
    ed.latest = res.latest;
    // the boxes are the latest analysed frame's: show that frame's picture under them
    if (res.picture) $('ed-img').src = pictureUrl(ed.camera, res.picture.version);
    drawEditor();
    const out = $('ed-preview-out');
    if (!res.samples) { out.textContent = t('ed_preview_none'); return; }
    const head = document.createElement('p');
    head.className = 'muted';
    head.textContent = t('ed_preview_span', { n: res.samples, from: fmtMs(res.from), to: fmtMs(res.to) });
    const list = document.createElement('ul');
    list.id = 'ed-preview-zones';
    list.replaceChildren(...res.zones.map((z) => {
      const li = document.createElement('li');
      li.dataset.zone = z.id;
      li.dataset.fires = String(z.fires);
      const objs = Object.entries(z.objects).map(([k, n]) => t(k) + ' ×' + n).join('，') || t('none');
      let text = z.id + ' · ' + t('ed_inside', { objs });
      if (z.rule) text += ' · ' + t(z.rule) + '：' + (z.fires ? t('ed_fires') : t('ed_not_fires')) + ' (' + t('ed_longest', { s: Math.round(z.longest_s), d: z.dwell_s }) + ')';
      li.textContent = text;
      li.className = z.fires ? 'fires' : '';
      return li;
    }));
    out.replaceChildren(head, list);
  } catch (e) { $('ed-error').textContent = e.message; }
}

function fmtMs(ms) { return new Date(ms).toLocaleTimeString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }); }

function initWall() {
  wall.observer = new IntersectionObserver(onScreen, { rootMargin: '200px' });
  $('tab-wall').addEventListener('click', showWall);
  $('wall-filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadWall(false); });
  $('w-q').addEventListener('input', () => loadWall(false));
  $('w-state').addEventListener('change', () => loadWall(false));
  $('wall-more').addEventListener('click', () => loadWall(true));
  new IntersectionObserver((es) => { if (es.some((e) => e.isIntersecting) && !$('wall-more').hidden) loadWall(true); })
    .observe($('wall-more'));
  $('ed-back').addEventListener('click', showWall);
  $('ed-add').addEventListener('click', () => {
    let n = ed.zones.length + 1;
    while (ed.zones.some((z) => z.id === 'zone-' + n)) n++;
    ed.zones.push({ id: 'zone-' + n, type: 'no_vending', polygon: [] });
    ed.sel = ed.zones.length - 1;
    ed.point = -1;
    renderEditor();
  });
  $('ed-save').addEventListener('click', saveZones);
  $('ed-preview').addEventListener('click', previewZones);
  const svg = $('ed-svg');
  svg.addEventListener('mousedown', (ev) => { if (ev.button === 0 && ed.drag < 0) addPoint(fraction(ev)); });
  window.addEventListener('mousemove', (ev) => {
    if (ed.drag < 0) return;
    ed.zones[ed.sel].polygon[ed.drag] = fraction(ev);
    ed.moved = true;
    drawEditor();
  });
  // a click without a move leaves the handles as they are, so a double-click reaches the same handle
  window.addEventListener('mouseup', () => {
    if (ed.drag >= 0 && ed.moved) renderEditor();
    ed.drag = -1;
    ed.moved = false;
  });
}

initWall();
