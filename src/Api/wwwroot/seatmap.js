import { ApiError, call, signInForDevelopment, userOf } from "/api-client.js";

// The map loads the event's layout once (cacheable, revalidated by its ETag), then the compact status (one letter
// per seat), then follows the live feed: a WebSocket, or Server-Sent Events where sockets fail.
// Every message carries the event's version; after a drop the page reconnects with the last
// version it applied and the server sends what it missed (or a fresh snapshot, asked for as the
// compact status: the page already has the layout). Nothing polls.
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;
const LETTERS = { a: "available", h: "held", s: "sold", b: "blocked" };

const el = (id) => document.getElementById(id);
const state = {
  eventId: null, layout: null, version: -1, seats: new Map(), selected: new Set(), reservation: null, token: null,
  events: new Map(), sale: null,
};
const feed = { socket: null, source: null, timer: null, delayMs: RECONNECT_MIN_MS, socketFailures: 0 };

async function start() {
  try {
    state.token = await signInForDevelopment();
    el("who").textContent = `signed in as ${userOf(state.token)}`;
  } catch {
    el("who").textContent = "view only (sign-in is not configured)";
  }

  const { data: events } = await call("GET", "/api/v1/events?limit=100");
  if (events.length === 0) {
    el("map").innerHTML = '<p class="muted">No events on sale.</p>';
    return;
  }
  const picker = el("event");
  for (const event of events) {
    state.events.set(event.id, event);
    picker.add(new Option(`${event.title} · ${event.venue}`, event.id));
  }
  const wanted = new URLSearchParams(location.search).get("event");
  picker.value = events.some((e) => e.id === wanted) ? wanted : events[0].id;
  picker.addEventListener("change", () => selectEvent(picker.value));

  el("map").addEventListener("click", onSeatClick);
  el("hold").addEventListener("click", hold);
  el("clear").addEventListener("click", () => { state.selected.clear(); renderSelection(); paintAll(); });
  el("pay").addEventListener("click", pay);
  el("release").addEventListener("click", release);

  await selectEvent(picker.value);
  setInterval(tick, 1000);
}

async function selectEvent(eventId) {
  disconnect();
  state.eventId = eventId;
  state.version = -1;
  state.selected.clear();
  history.replaceState(null, "", `?event=${eventId}`);
  const event = state.events.get(eventId);
  state.sale = event ? { status: event.status, opensAt: event.opens_at ? Date.parse(event.opens_at) : null } : null;
  showSale();
  state.layout = await call("GET", `/api/v1/events/${eventId}/layout`);
  drawLayout();
  applyStatus(await call("GET", `/api/v1/events/${eventId}/seat-status`));
  connect();
}

// Seat ids in layout order: sections, their rows, seats 1..n (the order of the status letters).
function seatIdsInOrder() {
  return state.layout.sections.flatMap((section) => section.rows.flatMap((row) =>
    Array.from({ length: row.seats }, (_, i) => `${section.id}-${row.id}-${i + 1}`)));
}

function drawLayout() {
  const { sections, currency } = state.layout;
  el("map").innerHTML = sections.map((section) => `
    <div class="section">
      <h3>${escape(section.name)} · ${section.price} ${escape(currency)}</h3>
      ${section.rows.map((row) => `
        <div class="row"><span class="row-label">${escape(row.id)}</span>
          ${Array.from({ length: row.seats }, (_, i) => `${section.id}-${row.id}-${i + 1}`)
            .map((id) => `<button class="seat" data-seat="${escape(id)}"></button>`).join("")}
        </div>`).join("")}
    </div>`).join("");
  state.seats = new Map([...el("map").querySelectorAll("[data-seat]")].map((button) => [button.dataset.seat, { button, status: "available" }]));
  renderSelection();
}

function applyStatus({ version, status }) {
  seatIdsInOrder().forEach((id, i) => setStatus(id, LETTERS[status[i]]));
  state.version = version;
  afterChange();
}

function applyChanges(message) {
  if (message.version <= state.version) return;
  if (message.version !== state.version + 1) {
    // A hole the server did not fill: start over from the last version applied.
    reconnectSoon(0);
    return;
  }
  for (const change of message.changes) setStatus(change.seat_id, change.status);
  state.version = message.version;
  afterChange();
}

function setStatus(id, status) {
  const seat = state.seats.get(id);
  if (!seat) return;
  seat.status = status;
  if (status !== "available") state.selected.delete(id);
  paint(id, seat);
}

function paint(id, seat) {
  const shown = state.selected.has(id) ? "selected" : seat.status;
  seat.button.className = `seat ${shown}`;
  seat.button.title = `${id} · ${seat.status}`;
  seat.button.setAttribute("aria-label", `${id} ${seat.status}`);
}

const paintAll = () => state.seats.forEach((seat, id) => paint(id, seat));

function afterChange() {
  el("map").dataset.version = state.version;
  const counts = { available: 0, held: 0, sold: 0, blocked: 0 };
  state.seats.forEach((seat) => { counts[seat.status] += 1; });
  el("availability").textContent =
    `${counts.available} available · ${counts.held} held · ${counts.sold} sold${counts.blocked ? ` · ${counts.blocked} blocked` : ""} of ${state.seats.size}`;
  renderSelection();
}

// --- the live feed -------------------------------------------------------------------------

function connect() {
  // The page holds the layout, so a resync (a snapshot) need only be the compact status.
  const query = `?snapshot=status${state.version >= 0 ? `&since=${state.version}` : ""}`;
  const id = state.eventId;
  if ("WebSocket" in window && feed.socketFailures < 2) {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/events/${id}/seats${query}`);
    let opened = false;
    socket.onopen = () => { opened = true; feed.socketFailures = 0; live(true, "websocket"); };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data));
    socket.onclose = () => {
      if (feed.socket !== socket) return;
      // Sockets that never open (a proxy without WebSocket support) send the page to SSE.
      if (!opened) feed.socketFailures += 1;
      reconnectSoon();
    };
    feed.socket = socket;
    return;
  }

  const source = new EventSource(`/api/v1/events/${id}/seats/stream${query}`);
  source.onopen = () => live(true, "sse");
  source.addEventListener("snapshot", (event) => onMessage({ type: "snapshot", ...JSON.parse(event.data) }));
  source.addEventListener("seats", (event) => onMessage({ type: "seats", ...JSON.parse(event.data) }));
  // EventSource retries by itself with Last-Event-ID; when it gives up (an error answer while
  // the service restarts) the page reconnects from its own version.
  source.onerror = () => { live(false); if (source.readyState === EventSource.CLOSED && feed.source === source) reconnectSoon(); };
  feed.source = source;
}

function onMessage(message) {
  feed.delayMs = RECONNECT_MIN_MS;
  if (message.type === "snapshot") applyStatus(message);
  else if (message.type === "seats") applyChanges(message);
}

function reconnectSoon(delayMs = feed.delayMs) {
  disconnect();
  live(false);
  feed.timer = setTimeout(connect, delayMs);
  feed.delayMs = Math.min(RECONNECT_MAX_MS, feed.delayMs * 2);
}

function disconnect() {
  clearTimeout(feed.timer);
  const { socket, source } = feed;
  feed.socket = feed.source = null;
  socket?.close();
  source?.close();
}

function live(on, how = "") {
  el("live").textContent = on ? `live (${how})` : "reconnecting…";
  el("live").className = on ? "live" : "muted";
}

// --- buying ------------------------------------------------------------------------------

function renderSelection() {
  const count = state.selected.size;
  el("selection").textContent = count ? `${count} seat${count > 1 ? "s" : ""}: ${[...state.selected].join(", ")}` : "Click free seats to select them.";
  el("hold").disabled = count === 0 || !state.token || state.reservation !== null;
  el("clear").disabled = count === 0;
}

function onSeatClick(e) {
  const id = e.target.dataset?.seat;
  if (!id || state.reservation) return;
  if (state.selected.has(id)) state.selected.delete(id);
  else if (state.seats.get(id)?.status === "available") state.selected.add(id);
  paint(id, state.seats.get(id));
  renderSelection();
}

async function hold() {
  await attempt(async () => {
    state.reservation = await call("POST", `/api/v1/events/${state.eventId}/reservations`,
      { client_reservation_id: crypto.randomUUID(), seat_ids: [...state.selected] });
    state.selected.clear();
    showReservation();
    say(`Held ${state.reservation.seats.length} seat(s).`);
    paintAll();
  });
}

async function pay() {
  await attempt(async () => {
    const order = await call("POST", `/api/v1/reservations/${state.reservation.reservation_id}/commit`,
      { payment_token: el("token").value, idempotency_key: crypto.randomUUID() });
    say(`Order ${order.order_id} confirmed: ${order.tickets.length} ticket(s), ${order.total_amount} ${order.currency}.`);
    endReservation();
  });
}

async function release() {
  await attempt(async () => {
    await call("DELETE", `/api/v1/reservations/${state.reservation.reservation_id}`);
    say("Released.");
    endReservation();
  });
}

async function attempt(action) {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const unavailable = error.problem.unavailable_seats;
    say(unavailable ? `${error.message} (${unavailable.join(", ")})` : error.message, true);
    if (error.status === 410) endReservation();
  }
}

function showReservation() {
  const r = state.reservation;
  el("reservation").hidden = false;
  el("reservation-summary").textContent = `${r.seats.map((s) => s.id).join(", ")} · ${r.total_price} ${r.currency}`;
  tick();
}

function endReservation() {
  state.reservation = null;
  el("reservation").hidden = true;
  renderSelection();
}

// Outside the sale the page says so: paused, closed, or the time left until a scheduled sale opens
// (holds are refused until then by the server's own clock, so the countdown is a guide, not a gate).
function showSale() {
  const banner = el("sale");
  const sale = state.sale;
  if (!sale || sale.status === "on_sale" || (sale.status === "scheduled" && sale.opensAt !== null && sale.opensAt <= Date.now())) {
    banner.hidden = true;
    return;
  }
  banner.hidden = false;
  if (sale.status === "scheduled" && sale.opensAt !== null) {
    const left = Math.ceil((sale.opensAt - Date.now()) / 1000);
    const h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    banner.textContent = `Sale opens in ${h > 0 ? `${h}:` : ""}${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  } else {
    banner.textContent = { draft: "Not on sale yet", paused: "Sale paused", closed: "Sale closed", cancelled: "Event cancelled" }[sale.status] ?? sale.status;
  }
}

function tick() {
  showSale();
  if (!state.reservation) return;
  const left = Math.max(0, Math.round((Date.parse(state.reservation.expires_at) - Date.now()) / 1000));
  el("countdown").textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  if (left === 0) { say("Your hold expired.", true); endReservation(); }
}

function say(text, isError = false) {
  el("message").textContent = text;
  el("message").className = isError ? "error" : "";
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

start().catch((error) => say(error.message, true));
