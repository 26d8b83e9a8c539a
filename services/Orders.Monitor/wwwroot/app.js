// Orders monitor dashboard: one EventSource on /events (each order/payment/command event as JSON,
// plus a "summary" event every second), rendered with plain DOM calls. Data is only ever set as
// text (never as HTML): payloads are arbitrary bytes from the wire.
'use strict';

const MAX_FEED_ROWS = 300;            // the DOM never holds more rows than this, whatever the load
const numbers = new Intl.NumberFormat('en-US');
const $ = (id) => document.getElementById(id);

let pending = [];                      // events received since the last paint, oldest first
let paintScheduled = false;

function cell(row, className, text) {
  const td = row.insertCell();
  td.className = className;
  td.textContent = text ?? '';
  return td;
}

function time(iso) {
  return iso ? iso.substring(11, 23) : '';
}

function detailsOf(e) {
  if (e.kind === 'DeadLetter') {
    return [['reason', e.deadReason], ['', ` · original ${e.originalSubject ?? '(unknown)'} · ${e.details}`]];
  }
  if (e.problem) {
    return [['reason', `malformed: ${e.problem}`], ['', ` · ${e.details}`]];
  }
  return [['', e.details]];
}

function eventRow(e, withOrder) {
  const row = document.createElement('tr');
  row.className = `k-${e.kind}${e.problem ? ' malformed' : ''}`;
  row.dataset.subject = e.subject;
  if (e.orderId) row.dataset.order = e.orderId;
  cell(row, 't', time(e.time));
  cell(row, 's', e.subject);
  if (withOrder) {
    const order = cell(row, 'o', '');
    if (e.orderId) {
      const link = document.createElement('a');
      link.className = 'order';
      link.textContent = e.orderId;
      link.title = 'Show this order\'s history';
      link.addEventListener('click', () => showHistory(e.orderId));
      order.append(link);
    } else {
      order.textContent = '–';
    }
  }
  cell(row, 'v', e.version != null ? `v${e.version}` : '');
  const details = cell(row, 'd', '');
  for (const [className, text] of detailsOf(e)) {
    const span = document.createElement('span');
    if (className) span.className = className;
    span.textContent = text;
    details.append(span);
  }
  return row;
}

// Bursts (thousands of events a second) are painted once per frame, newest first.
function paint() {
  paintScheduled = false;
  const batch = pending;
  pending = [];
  const feed = $('feed');
  const fragment = document.createDocumentFragment();
  for (let i = batch.length - 1; i >= 0; i--) fragment.append(eventRow(batch[i], true));
  feed.prepend(fragment);
  while (feed.rows.length > MAX_FEED_ROWS) feed.deleteRow(-1);
}

function receive(e) {
  pending.push(e);
  if (pending.length > MAX_FEED_ROWS) pending.splice(0, pending.length - MAX_FEED_ROWS);
  if (!paintScheduled) {
    paintScheduled = true;
    requestAnimationFrame(paint);
  }
}

function renderSummary(s) {
  $('events-seen').textContent = numbers.format(s.eventsSeen);
  $('orders-tracked').textContent = numbers.format(s.ordersTracked);
  $('orders-evicted').textContent = numbers.format(s.ordersEvicted);
  $('orders-evicted-figure').hidden = s.ordersEvicted === 0;
  for (const [status, count] of Object.entries(s.byStatus)) {
    const tile = $(`count-${status}`);
    if (tile) tile.textContent = numbers.format(count);
  }

  const rates = $('rates');
  rates.replaceChildren();
  const busiest = s.rates.length ? s.rates[0].perMinute : 1;
  for (const r of s.rates) {
    const li = document.createElement('li');
    li.dataset.subject = r.subject;
    const subject = document.createElement('span');
    subject.className = 'subject';
    subject.textContent = subject.title = r.subject;
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.style.width = `${Math.max(1, (100 * r.perMinute) / busiest)}%`;
    const n = document.createElement('span');
    n.className = 'n';
    n.textContent = `${numbers.format(r.perMinute)}/min`;
    const track = document.createElement('span');
    track.className = 'track';
    track.append(bar);
    li.append(subject, track, n);
    rates.append(li);
  }
  if (!s.rates.length) rates.innerHTML = '<li class="empty">nothing in the last minute</li>';

  const dead = $('dead-letters');
  dead.replaceChildren();
  for (const d of s.deadLetters) {
    const li = document.createElement('li');
    const reason = document.createElement('div');
    reason.className = 'reason';
    reason.textContent = d.deadReason;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = `${time(d.time)} · ${d.subject} · original ${d.originalSubject ?? '(unknown)'}${d.orderId ? ` · order ${d.orderId}` : ''}`;
    li.append(reason, meta);
    dead.append(li);
  }
  if (!s.deadLetters.length) dead.innerHTML = '<li class="empty">none</li>';

  setConnection(s.connected ? 'live' : 'nats-down');
}

function setConnection(state) {
  const pill = $('connection');
  pill.dataset.state = state;
  pill.className = `pill ${state === 'live' ? 'pill-up' : 'pill-down'}`;
  pill.textContent = { live: 'live', 'nats-down': 'NATS unreachable', connecting: 'connecting…', lost: 'reconnecting…' }[state];
}

async function showHistory(orderId) {
  $('search-input').value = orderId;
  // The open order is in the address (?order=<id>), so a journey can be linked to and reloaded.
  history.replaceState(null, '', `?order=${encodeURIComponent(orderId)}`);
  const card = $('history-card');
  const body = $('history');
  $('history-order').textContent = orderId;
  body.replaceChildren();
  card.hidden = false;
  showJourney(orderId);
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}`);
  if (response.status === 404) {
    $('history-status').textContent = 'not seen by this monitor (yet)';
    return;
  }
  const h = await response.json();
  $('history-status').textContent =
    (h.status ? `${h.status}, version ${h.version}` : 'no order event yet') +
    ` · ${numbers.format(h.history.length)} events${h.truncated ? ' (older ones dropped)' : ''}`;
  for (const e of h.history) body.append(eventRow(e, false));
}

// The order's trace as a waterfall: spans in tree order (each under its parent, siblings by start),
// indented by depth, each bar placed on the trace's time line.
async function showJourney(orderId) {
  const box = $('journey');
  const status = $('journey-status');
  box.replaceChildren();
  status.textContent = '';
  const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}/trace`);
  if (!response.ok) {
    status.textContent = 'no trace received (yet)';
    return;
  }
  const t = await response.json();
  const first = Math.min(...t.spans.map(s => s.start));
  const last = Math.max(...t.spans.map(s => s.start + s.durationMicros));
  const total = Math.max(last - first, 1);
  status.textContent = `trace ${t.traceId} · ${numbers.format(t.spans.length)} spans · ${(total / 1000).toFixed(1)} ms`;
  const ids = new Set(t.spans.map(s => s.spanId));
  const children = new Map();
  for (const s of t.spans) {
    const parent = s.parentId && ids.has(s.parentId) ? s.parentId : '';
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(s);
  }
  const visit = (parent, depth) => {
    for (const s of (children.get(parent) ?? []).sort((a, b) => a.start - b.start)) {
      box.append(spanRow(s, depth, first, total));
      visit(s.spanId, depth + 1);
    }
  };
  visit('', 0);
}

function spanRow(s, depth, first, total) {
  const row = document.createElement('div');
  row.className = `span-row svc-${s.service}`;
  row.dataset.span = s.spanId;
  const label = document.createElement('span');
  label.className = 'span-label';
  label.style.paddingLeft = `${depth * 10}px`;
  label.textContent = `${s.service} · ${s.name}`;
  const track = document.createElement('span');
  track.className = 'span-track';
  const bar = document.createElement('span');
  bar.className = 'span-bar';
  bar.style.left = `${((s.start - first) / total) * 100}%`;
  bar.style.width = `${Math.max((s.durationMicros / total) * 100, 0.3)}%`;
  const ms = `${(s.durationMicros / 1000).toFixed(1)} ms`;
  bar.title = `${s.service} ${s.name}: ${ms}, +${((s.start - first) / 1000).toFixed(1)} ms`;
  track.append(bar);
  const duration = document.createElement('span');
  duration.className = 'span-ms';
  duration.textContent = ms;
  row.append(label, track, duration);
  return row;
}

$('feed-limit').textContent = numbers.format(MAX_FEED_ROWS);
$('search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const id = $('search-input').value.trim();
  if (id) showHistory(id);
});
$('history-close').addEventListener('click', () => {
  $('history-card').hidden = true;
  history.replaceState(null, '', location.pathname);
});
const linkedOrder = new URLSearchParams(location.search).get('order');
if (linkedOrder) showHistory(linkedOrder);

const source = new EventSource('/events');
// Every (re)connect starts with the server's recent feed, so start from an empty table.
source.onopen = () => { $('feed').replaceChildren(); pending = []; };
source.onerror = () => setConnection('lost');
source.onmessage = (m) => receive(JSON.parse(m.data));
source.addEventListener('summary', (m) => renderSummary(JSON.parse(m.data)));
