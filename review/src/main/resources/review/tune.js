// Tuning and the statistics' breakdowns, for operators: per rule and zone, what each value of each threshold would
// have kept of the decided cases (drawn), and an "apply" of the pick; per zone, per rejection reason, and a daily
// trend per rule. Uses app.js (api, t, $, tab, state) and wall.js (svgEl).
'use strict';

Object.assign(I18N.zh, {
  tune: '阈值调优', tune_target: '目标准确率', zone: '区域', reason: '驳回原因', by_zone: '按区域',
  by_reason: '按驳回原因', daily_trend: '每日趋势', day: '日期',
  tune_hint: '按已审核案件：每个阈值取值下仍会保留的已确认（绿）与已驳回（红）案件数，以及会新增的未达阈值（灰虚线）。蓝线为当前值，橙线为建议值。',
  tune_place: '{rule} · {camera} · {zone}：已审核 {decided}（确认 {confirmed}），未达阈值 {near}',
  tune_now: '{setting}：当前 {now}，建议 {pick}', tune_none: '无取值达到目标准确率', tune_apply: '应用 {setting} = {value}',
  tune_applied: '已写入配置 ({setting} = {value})，即时生效', tune_camera_wide: '整机范围：请在配置文件中修改',
  tune_empty: '没有带测量值的已审核案件或未达阈值记录', kept_confirmed: '保留的已确认', kept_rejected: '保留的已驳回',
  near_added: '新增未达阈值',
});
Object.assign(I18N.en, {
  tune: 'Tuning', tune_target: 'Target precision', zone: 'Zone', reason: 'Rejection reason', by_zone: 'By zone',
  by_reason: 'By rejection reason', daily_trend: 'Daily trend', day: 'Day',
  tune_hint: 'From the decided cases: at each value of a threshold, the confirmed (green) and rejected (red) cases it would have kept, and the near misses it would add (grey, dashed). Blue: the value in force; orange: the pick.',
  tune_place: '{rule} · {camera} · {zone}: {decided} decided ({confirmed} confirmed), {near} near misses',
  tune_now: '{setting}: in force {now}, pick {pick}', tune_none: 'no value reaches the target precision',
  tune_apply: 'Apply {setting} = {value}', tune_applied: 'Written to the config ({setting} = {value}), applied at once',
  tune_camera_wide: 'camera-wide: change it in the config file',
  tune_empty: 'No decided case or near miss with measurements', kept_confirmed: 'confirmed kept',
  kept_rejected: 'rejected kept', near_added: 'near misses added',
});

const tuning = { version: null };
const CHART = { w: 520, h: 200, left: 40, right: 12, top: 12, bottom: 28 };
const COLOURS = { confirmed: '#1a7f37', rejected: '#cf222e', near: '#6e7781', now: '#0969da', pick: '#bf8700' };

function fmtValue(v, integral) { return integral ? String(Math.round(v)) : String(Math.round(v * 1000) / 1000); }

// a line chart of series over x values (numbers, drawn to scale); marks are vertical lines at given x
function lineChart(xs, series, marks, xLabel) {
  const svg = svgEl('svg', { viewBox: '0 0 ' + CHART.w + ' ' + CHART.h, class: 'chart', role: 'img' });
  const x0 = Math.min(...xs, ...marks.map((m) => m.x));
  const x1 = Math.max(...xs, ...marks.map((m) => m.x));
  const yMax = Math.max(1, ...series.flatMap((s) => s.values));
  const px = (x) => CHART.left + (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0)) * (CHART.w - CHART.left - CHART.right);
  const py = (y) => CHART.h - CHART.bottom - y / yMax * (CHART.h - CHART.top - CHART.bottom);
  svg.append(svgEl('line', { x1: CHART.left, y1: py(0), x2: CHART.w - CHART.right, y2: py(0), stroke: '#8c959f' }),
    svgEl('line', { x1: CHART.left, y1: py(0), x2: CHART.left, y2: py(yMax), stroke: '#8c959f' }));
  const label = (x, y, text, anchor) => {
    const el = svgEl('text', { x, y, 'text-anchor': anchor, 'font-size': 11, fill: '#57606a' });
    el.textContent = text;
    return el;
  };
  svg.append(label(CHART.left - 4, py(yMax) + 4, String(yMax), 'end'), label(CHART.left - 4, py(0) + 4, '0', 'end'));
  if (x1 === x0) svg.append(label(px(x0), CHART.h - 8, xLabel(x0), 'middle'));
  else svg.append(label(px(x0), CHART.h - 8, xLabel(x0), 'start'), label(px(x1), CHART.h - 8, xLabel(x1), 'end'));
  for (const m of marks) {
    svg.append(svgEl('line', { x1: px(m.x), y1: py(0), x2: px(m.x), y2: py(yMax), stroke: m.colour,
      'stroke-width': 2, 'stroke-dasharray': m.dash || '', class: 'mark ' + m.name }));
  }
  for (const s of series) {
    const points = xs.map((x, i) => px(x) + ',' + py(s.values[i])).join(' ');
    svg.append(svgEl('polyline', { points, fill: 'none', stroke: s.colour, 'stroke-width': 2,
      'stroke-dasharray': s.dash || '', class: 'series ' + s.name }));
    xs.forEach((x, i) => svg.append(svgEl('circle', { cx: px(x), cy: py(s.values[i]), r: 3, fill: s.colour,
      class: 'point ' + s.name })));
  }
  return svg;
}

function legend(items) {
  const p = document.createElement('p');
  p.className = 'legend';
  for (const [colour, text] of items) {
    const key = document.createElement('span');
    key.className = 'key';
    key.dataset.colour = colour;
    const sw = svgEl('svg', { width: 14, height: 10 });
    sw.append(svgEl('rect', { width: 14, height: 10, fill: colour }));
    key.append(sw, ' ' + text);
    p.append(key);
  }
  return p;
}

async function loadTuning() {
  $('tune-error').textContent = '';
  const p = new URLSearchParams();
  if ($('t-rule').value) p.set('rule', $('t-rule').value);
  if ($('t-camera').value.trim()) p.set('camera', $('t-camera').value.trim());
  p.set('target', $('t-target').value || '0.8');
  try {
    const data = await api('GET', '/api/tuning?' + p.toString());
    tuning.version = data.version;
    renderTuning(data);
  } catch (e) {
    $('tune-error').textContent = t('error') + e.message;
  }
}

function renderTuning(data) {
  const out = data.places.map((place) => {
    const sec = document.createElement('section');
    sec.className = 'tune-place';
    sec.dataset.rule = place.rule;
    sec.dataset.camera = place.camera;
    sec.dataset.zone = place.zone;
    const h = document.createElement('h3');
    h.textContent = t('tune_place', { rule: ruleName(place.rule), camera: place.camera, zone: place.zone,
      decided: place.decided, confirmed: place.confirmed, near: place.near_misses });
    sec.append(h);
    for (const th of place.thresholds) sec.append(thresholdFigure(place, th));
    return sec;
  });
  if (!out.length) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = t('tune_empty');
    out.push(p);
  }
  $('tune-places').replaceChildren(...out);
}

function thresholdFigure(place, th) {
  const fig = document.createElement('figure');
  fig.className = 'tune-chart';
  fig.dataset.setting = th.setting;
  const xs = th.rows.map((r) => r.value);
  const marks = [{ name: 'now', x: th.in_force, colour: COLOURS.now, dash: '4 3' }];
  if (th.pick !== null) marks.push({ name: 'pick', x: th.pick, colour: COLOURS.pick });
  fig.append(lineChart(xs, [
    { name: 'confirmed', colour: COLOURS.confirmed, values: th.rows.map((r) => r.confirmed) },
    { name: 'rejected', colour: COLOURS.rejected, values: th.rows.map((r) => r.rejected) },
    { name: 'near', colour: COLOURS.near, dash: '5 4', values: th.rows.map((r) => r.near_misses) },
  ], marks, (v) => fmtValue(v, th.integral)));
  const cap = document.createElement('figcaption');
  cap.textContent = th.pick === null ? th.setting + ': ' + t('tune_none')
    : t('tune_now', { setting: th.setting, now: fmtValue(th.in_force, th.integral), pick: fmtValue(th.pick, th.integral) });
  fig.append(cap, legend([[COLOURS.confirmed, t('kept_confirmed')], [COLOURS.rejected, t('kept_rejected')],
    [COLOURS.near, t('near_added')]]));
  if (th.changes) {
    const value = fmtValue(th.pick, th.integral);
    if (place.zone_override) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'confirm apply';
      b.textContent = t('tune_apply', { setting: th.setting, value });
      b.addEventListener('click', () => applyPick(place, th, b));
      fig.append(b);
    } else {
      const note = document.createElement('p');
      note.className = 'muted';
      note.textContent = t('tune_camera_wide');
      fig.append(note);
    }
  }
  return fig;
}

async function applyPick(place, th, button) {
  $('tune-error').textContent = '';
  $('tune-state').textContent = '';
  button.disabled = true;
  const value = th.integral ? Math.round(th.pick) : th.pick;
  try {
    const res = await api('POST', '/api/tuning/apply', { camera: place.camera, zone: place.zone, rule: place.rule,
      setting: th.setting, value, version: tuning.version });
    tuning.version = res.version;
    $('tune-state').textContent = t('tune_applied', { setting: th.setting, value: fmtValue(th.pick, th.integral) });
  } catch (e) {
    $('tune-error').textContent = t('error') + e.message;
    button.disabled = false;
  }
}

// /api/stats' breakdowns: per zone, per rejection reason, and a chart per rule of its daily trend
function renderBreakdowns(data) {
  statsTable($('stats-zones'), data.zones.map((z) => Object.assign({}, z, { zone: z.camera + ' · ' + z.zone })),
    'zone', (v) => v);
  const head = document.createElement('tr');
  for (const h of ['rule', 'reason', 'st_rejected']) {
    const th = document.createElement('th'); th.textContent = t(h); head.append(th);
  }
  $('stats-reasons').replaceChildren(head, ...data.reasons.map((r) => {
    const tr = document.createElement('tr');
    for (const v of [ruleName(r.rule), r.reason ?? '—', r.rejected]) {
      const td = document.createElement('td'); td.textContent = v; tr.append(td);
    }
    return tr;
  }));
  const rules = [...new Set(data.daily.map((d) => d.rule))];
  $('stats-daily').replaceChildren(...rules.map((rule) => {
    const rows = data.daily.filter((d) => d.rule === rule);
    const days = rows.map((d) => Date.parse(d.day + 'T00:00:00Z') / 86400000);
    const fig = document.createElement('figure');
    fig.className = 'trend';
    fig.dataset.rule = rule;
    const dayLabel = (x) => new Date(x * 86400000).toISOString().slice(0, 10);
    fig.append(lineChart(days, [
      { name: 'confirmed', colour: COLOURS.confirmed, values: rows.map((d) => d.confirmed) },
      { name: 'rejected', colour: COLOURS.rejected, values: rows.map((d) => d.rejected) },
    ], [], dayLabel));
    const cap = document.createElement('figcaption');
    cap.textContent = ruleName(rule);
    fig.append(cap, legend([[COLOURS.confirmed, t('st_confirmed')], [COLOURS.rejected, t('st_rejected')]]));
    return fig;
  }));
}

function initTuning() {
  // the same rules as the queue's filter
  $('t-rule').replaceChildren(...[...$('f-rule').options].map((o) => o.cloneNode(true)));
  $('tab-tune').addEventListener('click', () => { tab('tune'); loadTuning(); });
  $('tune-filters').addEventListener('submit', (ev) => { ev.preventDefault(); loadTuning(); });
}

initTuning();
