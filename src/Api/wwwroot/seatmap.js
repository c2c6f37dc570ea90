import { ApiError, call, signInForDevelopment, userOf } from "/api-client.js";

// The map is refreshed by polling the seat map's version; a change redraws it.
// REVIEW: switch to the SSE stream (/seats/stream) once live updates ship; polling costs one read per 2 s per viewer.
const REFRESH_MS = 2000;

const el = (id) => document.getElementById(id);
const state = { eventId: null, version: -1, seats: new Map(), selected: new Set(), reservation: null, token: null };

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
  for (const event of events) picker.add(new Option(`${event.title} · ${event.venue}`, event.id));
  const wanted = new URLSearchParams(location.search).get("event");
  picker.value = events.some((e) => e.id === wanted) ? wanted : events[0].id;
  picker.addEventListener("change", () => selectEvent(picker.value));

  el("map").addEventListener("click", onSeatClick);
  el("hold").addEventListener("click", hold);
  el("clear").addEventListener("click", () => { state.selected.clear(); render(); });
  el("pay").addEventListener("click", pay);
  el("release").addEventListener("click", release);

  await selectEvent(picker.value);
  setInterval(refresh, REFRESH_MS);
  setInterval(tick, 1000);
}

async function selectEvent(eventId) {
  state.eventId = eventId;
  state.version = -1;
  state.selected.clear();
  history.replaceState(null, "", `?event=${eventId}`);
  await refresh();
}

async function refresh() {
  const map = await call("GET", `/api/v1/events/${state.eventId}/seatmap`);
  if (map.version === state.version) return;
  state.version = map.version;
  state.map = map;
  state.seats = new Map(map.sections.flatMap((s) => s.rows.flatMap((r) => r.seats.map((seat) => [seat.id, seat]))));
  for (const id of state.selected) if (state.seats.get(id)?.status !== "available") state.selected.delete(id);
  const event = await call("GET", `/api/v1/events/${state.eventId}`);
  state.currency = event.currency;
  render();
  const a = event.availability;
  el("availability").textContent = `${a.available_seats} available · ${a.held_seats} held · ${a.sold_seats} sold of ${a.total_seats}`;
}

function render() {
  const html = state.map.sections.map((section) => `
    <div class="section">
      <h3>${escape(section.name)} · ${section.price} ${escape(currency())}</h3>
      ${section.rows.map((row) => `
        <div class="row"><span class="row-label">${escape(row.id)}</span>
          ${row.seats.map((seat) => `<button class="seat ${state.selected.has(seat.id) ? "selected" : seat.status}"
              data-seat="${escape(seat.id)}" title="${escape(seat.id)} · ${seat.status}"
              aria-label="${escape(seat.id)} ${seat.status}"></button>`).join("")}
        </div>`).join("")}
    </div>`).join("");
  el("map").innerHTML = html;
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
  render();
}

async function hold() {
  await attempt(async () => {
    state.reservation = await call("POST", `/api/v1/events/${state.eventId}/reservations`,
      { client_reservation_id: crypto.randomUUID(), seat_ids: [...state.selected] });
    state.selected.clear();
    showReservation();
    say(`Held ${state.reservation.seats.length} seat(s).`);
    await refresh();
  });
}

async function pay() {
  await attempt(async () => {
    const order = await call("POST", `/api/v1/reservations/${state.reservation.reservation_id}/commit`,
      { payment_token: el("token").value, idempotency_key: crypto.randomUUID() });
    say(`Order ${order.order_id} confirmed: ${order.tickets.length} ticket(s), ${order.total_amount} ${order.currency}.`);
    endReservation();
    await refresh();
  });
}

async function release() {
  await attempt(async () => {
    await call("DELETE", `/api/v1/reservations/${state.reservation.reservation_id}`);
    say("Released.");
    endReservation();
    await refresh();
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
    await refresh();
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
  render();
}

function tick() {
  if (!state.reservation) return;
  const left = Math.max(0, Math.round((Date.parse(state.reservation.expires_at) - Date.now()) / 1000));
  el("countdown").textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  if (left === 0) { say("Your hold expired.", true); endReservation(); }
}

function say(text, isError = false) {
  el("message").textContent = text;
  el("message").className = isError ? "error" : "";
}

const currency = () => state.currency ?? "";
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

start().catch((error) => say(error.message, true));
