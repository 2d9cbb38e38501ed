// The streetwatch review page: plain JavaScript, no build step. Everything shown comes from /api; text is set with
// textContent only, so nothing from a case can ever run as markup.
'use strict';

const I18N = {
  zh: {
    title: '街面违规案件审核', user: '用户名', password: '密码', login: '登录', logout: '退出', queue: '待审队列',
    stats: '统计', shortcuts: '快捷键', status: '状态', camera: '摄像机', rule: '违规类型', from: '开始', to: '结束',
    apply: '筛选', all: '全部', more: '加载更多', empty: '请从左侧选择案件', audit: '审计记录',
    st_pending: '待审核', st_confirmed: '已确认', st_rejected: '已驳回', st_exported: '已上报',
    st_warned: '已警告（门前三包）', st_dispatched: '已派遣', st_handled: '已处置', st_verified: '已核实', st_recurred: '复发',
    street_vending: '占道经营 / 流动摊贩', waste_water_dumping: '乱倒污水', misparked_bikes: '共享单车乱停放',
    uncovered_muck_truck: '渣土车未苫盖', illegal_storage: '乱堆物料', street_hanging: '沿街晾挂',
    confirm: '确认违规 (Y)', reject: '驳回 (N)', reason_pick: '驳回原因…', reason_false: '误报：不是违规',
    reason_licensed: '已许可（夜市/临时许可）', reason_duplicate: '重复案件', reason_unclear: '证据不清',
    reason_placeholder: '原因（驳回必填）', need_reason: '驳回需要填写原因',
    stills_hint: '抓拍：带框标注图，按 F 切换原图', place: '地点', district: '街道/中队', zone: '区域', unit: '责任单位', onset: '开始时间',
    raised: '立案时间', ended: '结束时间', objects: '对象', reviewer: '审核人', brands: '单车品牌', case: '案件',
    clip_missing: '无视频：磁盘将满或摄像机离线，仅有抓拍', clip_truncated: '视频不完整：缓存未覆盖全部前后时长',
    clip_purged: '证据文件已按保存期限清除', still: '抓拍', clean: '原图', annotated: '标注',
    done_confirmed: '已确认', done_rejected: '已驳回', count: '共 {n} 件',
    stats_hint: '确认率低的规则或摄像机，应调高阈值或重画区域。', by_rule: '按违规类型', by_camera: '按摄像机',
    by_unit: '按责任单位（门前三包）', unit_name: '单位', repeats: '重复', recurred: '复发', to_handled: '至处置（平均）',
    to_verified: '至核实（平均）',
    fleet: '节点', node: '节点', f_cameras: '摄像机 在线/分配', f_fps: '帧/秒', f_dropped: '丢帧', f_inference: '推理 ms',
    f_heartbeat: '最近心跳', f_unassigned: '无节点运行：{list}', f_down: '离线：{list}', f_dead: '（失联）',
    export: '上报指挥中心', cases: '案件', rate: '确认率', export_status: '方式 {sink}：待上报 {waiting}，已上报 {delivered}，失败 {failures}',
    last_error: '最近错误', k_next: '下一件', k_prev: '上一件', k_confirm: '确认违规', k_reject: '驳回（先选原因）',
    k_reason: '选择驳回原因', k_play: '播放 / 暂停', k_clean: '原图 / 标注图', k_help: '显示快捷键', close: '关闭',
    bad_login: '用户名或密码错误', throttled: '失败次数过多，请稍后再试', error: '出错了：', lang: 'English',
    person: '人', stall: '摊位', bicycle: '自行车', truck: '货车', bucket: '桶', chair: '椅子', umbrella: '伞',
    none: '无',
  },
  en: {
    title: 'Street violation review', user: 'User', password: 'Password', login: 'Log in', logout: 'Log out',
    queue: 'Queue', stats: 'Statistics', shortcuts: 'Shortcuts', status: 'Status', camera: 'Camera', rule: 'Violation',
    from: 'From', to: 'To', apply: 'Filter', all: 'All', more: 'Load more', empty: 'Pick a case on the left',
    audit: 'Audit trail', st_pending: 'Pending', st_confirmed: 'Confirmed', st_rejected: 'Rejected',
    st_exported: 'Exported', st_warned: 'Warned (unit)', st_dispatched: 'Dispatched', st_handled: 'Handled',
    st_verified: 'Verified', st_recurred: 'Recurred', street_vending: 'Street vending / stall', waste_water_dumping: 'Waste water into drain',
    misparked_bikes: 'Shared bikes misparked', uncovered_muck_truck: 'Uncovered muck truck',
    illegal_storage: 'Things stored on the street', street_hanging: 'Laundry hung on the street',
    confirm: 'Confirm (Y)', reject: 'Reject (N)', reason_pick: 'Reason…', reason_false: 'False alarm',
    reason_licensed: 'Licensed (night market / permit)', reason_duplicate: 'Duplicate case',
    reason_unclear: 'Evidence unclear', reason_placeholder: 'Reason (required to reject)',
    need_reason: 'A rejection needs a reason', stills_hint: 'Snapshots with boxes; F shows the clean pictures',
    place: 'Place', district: 'District', zone: 'Zone', unit: 'Responsible unit', onset: 'Started', raised: 'Raised', ended: 'Ended',
    objects: 'Objects', reviewer: 'Reviewer', brands: 'Bike brands', case: 'Case',
    clip_missing: 'No clip: disk nearly full or camera offline; snapshots only',
    clip_truncated: 'Clip incomplete: the buffer did not hold the whole pre/post-roll',
    clip_purged: 'Evidence removed by retention', still: 'Snapshot', clean: 'clean', annotated: 'annotated',
    done_confirmed: 'Confirmed', done_rejected: 'Rejected', count: '{n} cases',
    stats_hint: 'Where the confirmation rate is low, raise that rule\'s thresholds or redraw the zone.',
    by_rule: 'By violation', by_camera: 'By camera', export: 'Export to the command centre', cases: 'Cases',
    by_unit: 'By responsible unit', unit_name: 'Unit', repeats: 'Repeats', recurred: 'Recurred',
    to_handled: 'To handled (mean)', to_verified: 'To verified (mean)',
    fleet: 'Nodes', node: 'Node', f_cameras: 'Cameras up/assigned', f_fps: 'Frames/s', f_dropped: 'Dropped',
    f_inference: 'Inference ms', f_heartbeat: 'Last heartbeat', f_unassigned: 'Run by no node: {list}',
    f_down: 'Down: {list}', f_dead: ' (not heard)',
    rate: 'Confirmed', export_status: 'Sink {sink}: {waiting} waiting, {delivered} delivered, {failures} failures',
    last_error: 'last error', k_next: 'Next case', k_prev: 'Previous case', k_confirm: 'Confirm',
    k_reject: 'Reject (pick a reason first)', k_reason: 'Pick a rejection reason', k_play: 'Play / pause',
    k_clean: 'Clean / annotated snapshots', k_help: 'Show shortcuts', close: 'Close',
    bad_login: 'Wrong user name or password', throttled: 'Too many failed logins; try again later',
    error: 'Error: ', lang: '中文', person: 'person', stall: 'stall', bicycle: 'bicycle', truck: 'truck',
    bucket: 'bucket', chair: 'chair', umbrella: 'umbrella', none: 'none',
  },
};
const BRANDS = { meituan: { zh: '美团', en: 'Meituan' }, hellobike: { zh: '哈啰', en: 'Hello' },
  qingju: { zh: '青桔', en: 'Qingju' }, unknown: { zh: '未知', en: 'unknown' } };

const $ = (id) => document.getElementById(id);
const state = { lang: localStorage.getItem('sw-lang') || 'zh', session: null, cases: [], total: 0, index: -1,
  current: null, clean: false, busy: false };

function t(key, vars) {
  let s = (I18N[state.lang] && I18N[state.lang][key]) || I18N.zh[key] || key;
  for (const k in vars || {}) s = s.replace('{' + k + '}', vars[k]);
  return s;
}

function applyLang() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = 'streetwatch · ' + t('title');
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('.lang').forEach((el) => { el.textContent = t('lang'); });
  $('confirm').textContent = t('confirm');
  $('reject').textContent = t('reject');
  $('reason').placeholder = t('reason_placeholder');
  if (state.session) $('who').textContent = state.session.user + ' · ' + state.session.role
    + (state.session.role === 'admin' ? '' : ' · ' + t('district') + ' ' + (state.session.districts.join(', ') || '—'));
  if (state.current) showCase(state.current);
  renderQueue();
}

async function api(method, path, body) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (method !== 'GET') {
    opts.headers['Content-Type'] = 'application/json';
    if (state.session) opts.headers['X-CSRF-Token'] = state.session.csrf;
    opts.body = JSON.stringify(body || {});
  }
  const res = await fetch(path, opts);
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  if (res.status === 401 && path !== '/api/login') { showLogin(); }
  if (!res.ok) { const err = new Error((data && data.error) || res.statusText); err.status = res.status; throw err; }
  return data;
}

function showLogin() {
  state.session = null;
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-user').focus();
}

async function login(ev) {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    state.session = await api('POST', '/api/login', { user: $('login-user').value, password: $('login-password').value });
    $('login-password').value = '';
    enter();
  } catch (e) {
    $('login-error').textContent = e.status === 429 ? t('throttled') : e.status === 401 ? t('bad_login') : t('error') + e.message;
  }
}

function enter() {
  $('login').hidden = true;
  $('app').hidden = false;
  $('tab-stats').hidden = state.session.role === 'reviewer';
  $('tab-wall').hidden = state.session.role === 'reviewer';
  $('tab-tune').hidden = state.session.role === 'reviewer';
  applyLang();
  loadQueue(false);
}

function query(offset) {
  const p = new URLSearchParams();
  const status = $('f-status').value;
  if (status) p.set('status', status);
  if ($('f-camera').value.trim()) p.set('camera', $('f-camera').value.trim());
  if ($('f-rule').value) p.set('rule', $('f-rule').value);
  if ($('f-from').value) p.set('from', new Date($('f-from').value).toISOString());
  if ($('f-to').value) p.set('to', new Date($('f-to').value).toISOString());
  p.set('order', status === 'pending' ? 'asc' : 'desc');
  p.set('limit', '50');
  p.set('offset', String(offset));
  return p.toString();
}

async function loadQueue(more) {
  try {
    const data = await api('GET', '/api/cases?' + query(more ? state.cases.length : 0));
    state.cases = more ? state.cases.concat(data.cases) : data.cases;
    state.total = data.total;
    const cams = new Set(state.cases.map((c) => c.camera));
    $('cameras').replaceChildren(...[...cams].sort().map((c) => { const o = document.createElement('option'); o.value = c; return o; }));
    renderQueue();
    if (!more) select(state.cases.length ? 0 : -1);
  } catch (e) { $('queue-count').textContent = t('error') + e.message; }
}

function ruleName(r) { return t(r); }

function renderQueue() {
  $('queue-count').textContent = t('count', { n: state.total });
  $('more').hidden = state.cases.length >= state.total;
  $('queue').replaceChildren(...state.cases.map((c, i) => {
    const li = document.createElement('li');
    li.dataset.id = c.id;
    li.className = i === state.index ? 'selected' : '';
    const title = document.createElement('div');
    title.textContent = ruleName(c.rule);
    const badge = document.createElement('span');
    badge.className = 'badge ' + c.status;
    badge.textContent = t('st_' + c.status);
    title.append(badge);
    if (c.clip_status !== 'ok') {
      const w = document.createElement('span');
      w.className = 'badge warn';
      w.textContent = c.clip_status;
      title.append(w);
    }
    const when = document.createElement('div');
    when.className = 'when';
    when.textContent = c.camera + ' · ' + (c.place || c.zone) + ' · ' + fmt(c.confirmed);
    li.append(title, when);
    li.addEventListener('click', () => select(i));
    return li;
  }));
}

function fmt(iso) {
  return iso ? new Date(iso).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false }) : '—';
}

async function select(i) {
  state.index = i;
  renderQueue();
  $('decision-error').textContent = '';
  $('decision-state').textContent = '';
  if (i < 0 || i >= state.cases.length) {
    state.current = null;
    $('case').hidden = true;
    $('empty').hidden = false;
    return;
  }
  const li = $('queue').children[i];
  if (li) li.scrollIntoView({ block: 'nearest' });
  try {
    const c = await api('GET', '/api/cases/' + encodeURIComponent(state.cases[i].id));
    let manifest = null;
    if (!c.purged) {
      try { manifest = await api('GET', '/api/cases/' + encodeURIComponent(c.id) + '/files/manifest.json'); } catch (e) { manifest = null; }
    }
    c.manifest = manifest;
    state.current = c;
    showCase(c);
  } catch (e) { $('decision-error').textContent = t('error') + e.message; }
}

function counts(c) {
  const objs = [];
  const brands = [];
  for (const k in c.counts) {
    if (k.startsWith('bicycle:')) {
      const b = k.substring(8);
      brands.push(((BRANDS[b] && BRANDS[b][state.lang]) || b) + ' ×' + c.counts[k]);
    } else {
      objs.push(t(k) + ' ×' + c.counts[k]);
    }
  }
  return [objs.join('，') || t('none'), brands.join('，')];
}

function showCase(c) {
  $('empty').hidden = true;
  $('case').hidden = false;
  $('case-title').textContent = ruleName(c.rule) + ' · ' + t('case') + ' ' + c.id;
  const [objs, brands] = counts(c);
  const rows = [['camera', c.camera], ['district', c.district || '—'], ['zone', c.zone], ['place', c.place || '—'], ['unit', c.unit || '—'],
    ['onset', fmt(c.start)], ['raised', fmt(c.confirmed)], ['ended', fmt(c.end)], ['objects', objs],
    ['status', t('st_' + c.status)], ['reviewer', c.reviewer ? c.reviewer + (c.reason ? '：' + c.reason : '') : '—']];
  if (brands) rows.push(['brands', brands]);
  $('case-meta').replaceChildren(...rows.flatMap(([k, v]) => {
    const dt = document.createElement('dt'); dt.textContent = t(k);
    const dd = document.createElement('dd'); dd.textContent = v;
    return [dt, dd];
  }));
  const clip = c.files.find((f) => f.role === 'clip');
  const video = $('clip');
  if (clip && !c.purged && !c.evidence_unavailable) {
    if (video.dataset.src !== clip.url) {
      video.dataset.src = clip.url;
      video.src = clip.url;
      video.play().catch(() => {});
    }
    video.hidden = false;
  } else {
    video.removeAttribute('src');
    video.dataset.src = '';
    video.load();
    video.hidden = true;
  }
  $('clip-note').textContent = c.evidence_unavailable ? c.evidence_unavailable : c.purged ? t('clip_purged') : c.clip_status === 'missing' ? t('clip_missing')
    : c.clip_status === 'truncated' ? t('clip_truncated') : '';
  renderStills(c);
  // past a reviewer once it left for the command centre (or is a warning, which needs no review)
  const decided = !['pending', 'confirmed', 'rejected'].includes(c.status);
  $('confirm').disabled = decided || c.status === 'confirmed';
  $('reject').disabled = decided || c.status === 'rejected';
  // the re-check's "after" pictures of the place, when it was looked at again
  $('after').replaceChildren(...(c.after || []).map((f) => {
    const img = document.createElement('img');
    img.src = f.url; img.alt = f.name; img.title = fmt(f.at); img.loading = 'lazy';
    return img;
  }));
  $('events').replaceChildren(...(c.events || []).map((e) => {
    const li = document.createElement('li');
    li.textContent = fmt(e.at) + ' · ' + e.actor + ' · ' + e.action + (e.detail ? ' · ' + e.detail : '');
    return li;
  }));
}

function renderStills(c) {
  const role = state.clean ? 'still' : 'still_annotated';
  const times = (c.manifest && c.manifest.stills) || [];
  const stills = c.purged ? [] : c.files.filter((f) => f.role === role);
  $('stills').replaceChildren(...stills.map((f, i) => {
    const fig = document.createElement('figure');
    const img = document.createElement('img');
    img.src = f.url;
    img.alt = t('still') + ' ' + (i + 1);
    const cap = document.createElement('figcaption');
    cap.textContent = t('still') + ' ' + (i + 1) + ' · ' + (state.clean ? t('clean') : t('annotated'))
      + (times[i] ? ' · ' + fmt(times[i].at) : '');
    fig.append(img, cap);
    return fig;
  }));
}

async function decide(decision) {
  const c = state.current;
  if (!c || state.busy) return;
  const reason = $('reason').value.trim() || $('reason-preset').value;
  if (decision === 'reject' && !reason) {
    $('decision-error').textContent = t('need_reason');
    $('reason-preset').focus();
    return;
  }
  state.busy = true;
  $('decision-error').textContent = '';
  try {
    const updated = await api('POST', '/api/cases/' + encodeURIComponent(c.id) + '/review', { decision, reason });
    $('reason').value = '';
    $('reason-preset').value = '';
    $('decision-state').textContent = t(decision === 'confirm' ? 'done_confirmed' : 'done_rejected') + ' · ' + c.id;
    const i = state.index;
    if ($('f-status').value === 'pending') {
      state.cases.splice(i, 1);
      state.total -= 1;
      renderQueue();
      await select(Math.min(i, state.cases.length - 1));
      $('decision-state').textContent = t(decision === 'confirm' ? 'done_confirmed' : 'done_rejected') + ' · ' + c.id;
    } else {
      state.cases[i] = updated;
      await select(i);
    }
  } catch (e) {
    $('decision-error').textContent = t('error') + e.message;
  } finally { state.busy = false; }
}

async function loadStats() {
  const p = new URLSearchParams();
  if ($('s-from').value) p.set('from', new Date($('s-from').value).toISOString());
  if ($('s-to').value) p.set('to', new Date($('s-to').value).toISOString());
  p.set('tz_offset_min', String(-new Date().getTimezoneOffset())); // days as the operator's clock has them
  const data = await api('GET', '/api/stats?' + p.toString());
  statsTable($('stats-rules'), data.rules, 'rule', (v) => ruleName(v));
  statsTable($('stats-cameras'), data.cameras, 'camera', (v) => v);
  unitsTable($('stats-units'), data.units || []);
  renderBreakdowns(data); // tune.js
  await loadFleet();
  const ex = await api('GET', '/api/export');
  $('export-status').textContent = t('export_status', { sink: ex.sink, waiting: ex.waiting ?? '—',
    delivered: ex.delivered ?? '—', failures: ex.failures ?? '—' }) + (ex.last_error ? ' · ' + t('last_error') + ': ' + ex.last_error : '');
}

/** The fleet's nodes and the cameras no node runs or that are down (GET /api/fleet, served by the daemon). */
async function loadFleet() {
  let f;
  try { f = await api('GET', '/api/fleet'); } catch (e) { $('fleet').hidden = true; return; }
  $('fleet').hidden = false;
  const head = document.createElement('tr');
  for (const h of ['node', 'f_cameras', 'f_fps', 'f_dropped', 'f_inference', 'f_heartbeat']) {
    const th = document.createElement('th'); th.textContent = t(h); head.append(th);
  }
  $('fleet-nodes').replaceChildren(head, ...f.nodes.map((n) => {
    const tr = document.createElement('tr');
    for (const v of [n.id + (n.exporter ? ' ⇪' : '') + (n.live ? '' : t('f_dead')), n.cameras_up + '/' + n.cameras_assigned,
      n.frames_per_s, n.frames_dropped, n.inference_ms, new Date(n.last_heartbeat).toLocaleTimeString()]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
  $('fleet-cameras').textContent = [
    f.unassigned.length ? t('f_unassigned', { list: f.unassigned.join(', ') }) : '',
    f.down.length ? t('f_down', { list: f.down.map((d) => d.camera + '@' + d.node).join(', ') }) : ''].join(' ');
}

function statsTable(table, rows, key, label) {
  const head = document.createElement('tr');
  for (const h of [key, 'cases', 'st_pending', 'st_confirmed', 'st_rejected', 'rate']) {
    const th = document.createElement('th'); th.textContent = t(h); head.append(th);
  }
  table.replaceChildren(head, ...rows.map((r) => {
    const tr = document.createElement('tr');
    const rate = r.confirmation_rate;
    const cells = [label(r[key]), r.cases, r.pending, r.confirmed, r.rejected];
    for (const v of cells) { const td = document.createElement('td'); td.textContent = v; tr.append(td); }
    const td = document.createElement('td');
    if (rate !== null) {
      const m = document.createElement('meter');
      m.min = 0; m.max = 1; m.low = 0.5; m.high = 0.8; m.optimum = 1; m.value = rate;
      td.append(m, ' ' + Math.round(rate * 100) + '%');
    } else { td.textContent = '—'; }
    tr.append(td);
    return tr;
  }));
}

// per responsible unit: how often it offends, and how long its cases take to be handled and verified
function unitsTable(table, rows) {
  const head = document.createElement('tr');
  for (const h of ['unit_name', 'cases', 'repeats', 'recurred', 'to_handled', 'to_verified']) {
    const th = document.createElement('th'); th.textContent = t(h); head.append(th);
  }
  const duration = (s) => s == null ? '—' : s < 3600 ? Math.round(s / 60) + ' min' : (s / 3600).toFixed(1) + ' h';
  table.replaceChildren(head, ...rows.map((r) => {
    const tr = document.createElement('tr');
    for (const v of [r.unit, r.cases, r.repeats, r.recurred, duration(r.mean_to_handled_s),
      duration(r.mean_to_verified_s)]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
}

// the page's views; wall.js adds the camera wall and the zone editor, tune.js the tuning
const VIEWS = ['queue', 'stats', 'wall', 'editor', 'tune'];

function tab(name) {
  for (const v of VIEWS) $(v + '-view').hidden = v !== name;
  for (const v of ['queue', 'stats', 'wall', 'tune']) $('tab-' + v).classList.toggle('active', v === name || (v === 'wall' && name === 'editor'));
  if (name === 'stats') loadStats().catch((e) => { $('export-status').textContent = t('error') + e.message; });
}

function keys(ev) {
  if ($('app').hidden || $('queue-view').hidden || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const typing = ['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName);
  if (typing) {
    if (ev.key === 'Enter' && document.activeElement.id === 'reason') { ev.preventDefault(); decide('reject'); }
    if (ev.key === 'Escape') document.activeElement.blur();
    return;
  }
  const k = ev.key.toLowerCase();
  const presets = $('reason-preset').options;
  if (k === 'j' || ev.key === 'ArrowDown') select(Math.min(state.index + 1, state.cases.length - 1));
  else if (k === 'k' || ev.key === 'ArrowUp') select(Math.max(state.index - 1, 0));
  else if (k === 'y') decide('confirm');
  else if (k === 'n') { if ($('reason').value.trim() || $('reason-preset').value) decide('reject'); else $('reason').focus(); }
  else if (k >= '1' && k <= '4') { $('reason-preset').value = presets[Number(k)].value; }
  else if (k === ' ') { const v = $('clip'); if (v.paused) v.play().catch(() => {}); else v.pause(); }
  else if (k === 'f') { state.clean = !state.clean; if (state.current) renderStills(state.current); }
  else if (k === '?') $('help').showModal();
  else return;
  ev.preventDefault();
}

function init() {
  $('login-form').addEventListener('submit', login);
  document.querySelectorAll('.lang').forEach((b) => b.addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('sw-lang', state.lang);
    applyLang();
  }));
  $('logout').addEventListener('click', async () => { try { await api('POST', '/api/logout'); } catch (e) { /* gone already */ } showLogin(); });
  $('filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadQueue(false); });
  $('stats-filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadStats(); });
  $('more').addEventListener('click', () => loadQueue(true));
  $('confirm').addEventListener('click', () => decide('confirm'));
  $('reject').addEventListener('click', () => decide('reject'));
  $('tab-queue').addEventListener('click', () => tab('queue'));
  $('tab-stats').addEventListener('click', () => tab('stats'));
  $('help-open').addEventListener('click', () => $('help').showModal());
  document.addEventListener('keydown', keys);
  applyLang();
  api('GET', '/api/session').then((s) => { state.session = s; enter(); }).catch(() => showLogin());
}

init();
