import { ApiError, call } from "/api-client.js";

const REFRESH_MS = 3000;
const TOKEN_KEY = "ticketing.admin-token";
const el = (id) => document.getElementById(id);

// `./ticketing run` links to /ops#token=…: the fragment never reaches the server or its logs.
const fromFragment = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromFragment) {
  sessionStorage.setItem(TOKEN_KEY, fromFragment);
  history.replaceState(null, "", location.pathname);
}

const token = () => sessionStorage.getItem(TOKEN_KEY);

el("sign-in").addEventListener("submit", (e) => {
  e.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, el("token").value.trim());
  refresh();
});

el("reconcile").addEventListener("click", async () => {
  try {
    const report = await call("POST", "/api/v1/admin/reconcile", undefined, token());
    say(`Reconciliation ${report.run_id} (job ${report.job_id}): ${report.events_checked} event(s) checked, ${report.repairs.length} repair(s).`);
    await refresh();
  } catch (error) {
    say(error.message, true);
  }
});

async function refresh() {
  if (!token()) return showSignIn();
  try {
    render(await call("GET", "/api/v1/admin/ops", undefined, token()));
    await openJobsDashboardSession();
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      sessionStorage.removeItem(TOKEN_KEY);
      say("That token is not an admin token.", true);
      return showSignIn();
    }
    say(error.message, true);
  }
}

// The jobs dashboard's pages and assets are plain browser requests with no bearer header: once the token
// has proved to be an admin's, the server sets it as a short-lived HttpOnly cookie scoped to /hangfire.
const JOBS_SESSION_RENEW_MS = 5 * 60 * 1000;
let jobsSessionOpenedAt = 0;
async function openJobsDashboardSession() {
  if (Date.now() - jobsSessionOpenedAt < JOBS_SESSION_RENEW_MS) return;
  await call("POST", "/hangfire/session", undefined, token());
  jobsSessionOpenedAt = Date.now();
}

function showSignIn() {
  el("sign-in").hidden = false;
  el("dashboard").hidden = true;
}

function render(ops) {
  el("sign-in").hidden = true;
  el("dashboard").hidden = false;
  el("updated").textContent = `updated ${new Date(ops.generated_at).toLocaleTimeString()}`;

  const totals = ops.events.reduce((t, e) => ({
    sold: t.sold + (e.availability?.sold_seats ?? 0), held: t.held + (e.availability?.held_seats ?? 0),
    pending: t.pending + e.outbox.pending + e.outbox.unread,
  }), { sold: 0, held: 0, pending: 0 });
  el("cards").innerHTML = [
    card("Seats sold", totals.sold),
    card("Seats held", totals.held),
    card("Orders waiting for PostgreSQL", totals.pending),
    card("Oldest unwritten order", ops.outbox_oldest_age_seconds == null ? "–" : `${ops.outbox_oldest_age_seconds.toFixed(1)} s`),
    card("Oversell alarms", ops.alarms.length, ops.alarms.length > 0),
    card("Repairs (recent)", ops.repairs.length),
  ].join("");

  el("events").innerHTML = table(["Event", "Sale", "Available", "Held", "Sold", "Blocked", "Total", "Outbox pending", "Version"],
    ops.events.map((e) => [e.title, saleOf(e), e.availability?.available_seats ?? "–", e.availability?.held_seats ?? "–",
      e.availability?.sold_seats ?? "–", e.availability?.blocked_seats ?? "–", e.availability?.total_seats ?? "–",
      e.outbox.pending + e.outbox.unread, e.availability?.version ?? "–"]));
  el("rooms").innerHTML = ops.waiting_rooms.length === 0 ? '<p class="muted">No waiting room is on.</p>' : ops.waiting_rooms.map(room).join("");
  el("jobs").innerHTML = table(["Job", "Last run", "Outcome", "Duration", "Ran on", "Runs / failures (1 h)"],
    ops.jobs.map((j) => [j.job_name, time(j.started_at), j.succeeded ? "ok" : `failed: ${j.error ?? "?"}`,
      `${Date.parse(j.finished_at) - Date.parse(j.started_at)} ms`, j.instance_id, `${j.runs_last_hour} / ${j.failures_last_hour}`]));
  el("alarms").innerHTML = table(["When", "Event", "Seat", "Detail"],
    ops.alarms.map((a) => [time(a.raised_at), a.event_id ?? "–", a.seat_id ?? "–", `${a.kind}: ${a.detail}`]));
  el("repairs").innerHTML = table(["When", "Rule", "Seat", "Before", "After"],
    ops.repairs.map((r) => [time(r.repaired_at), r.kind, r.seat_id, r.before, r.after]));
}

function room(r) {
  const rate = r.rate == null ? "–" : `${r.rate}/s (${r.reason.replace(/_/g, " ")})`;
  return `<div class="room" data-event="${escape(r.event_id)}">
    <table>${table(["Event", "Phase", "Waiting", "Pre-queue", "Active / max", "Admitted", "Rate / cap", "Measured", "ETA last fan", "Target p99"],
      [[r.event_id.slice(0, 8), r.paused ? `${r.phase}, paused` : r.phase, r.waiting, r.pre_queue, `${r.active} / ${r.max_active}`, r.admitted_total,
        `${rate} / ${r.admit_per_second}`, `${r.measured_rate}/s`, r.last_fan_eta_seconds == null ? "–" : `${r.last_fan_eta_seconds} s`, `${r.target_p99_ms} ms`]])}</table>
    ${chart(r.rate_history.map((p) => p.rate), r.admit_per_second)}</div>`;
}

// A small line chart of the admission rate, scaled to the room's cap.
function chart(values, cap) {
  if (values.length < 2) return '<p class="muted">The chart starts with the admission job\'s ticks on this process.</p>';
  const width = 600, height = 80, top = Math.max(cap, ...values, 1);
  const points = values.map((v, i) => `${(i * width / (values.length - 1)).toFixed(1)},${(height - v * height / top).toFixed(1)}`).join(" ");
  return `<svg class="rate-chart" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="Admission rate over time">
    <polyline fill="none" stroke="var(--selected)" stroke-width="2" points="${points}"/></svg>`;
}

const card = (label, value, alarm = false) =>
  `<div class="card${alarm ? " alarm" : ""}"><div class="muted">${escape(label)}</div><div class="value">${escape(value)}</div></div>`;

const table = (headers, rows) => `<thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join("")}</tr></thead>` +
  `<tbody>${rows.length ? rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("")
    : `<tr><td colspan="${headers.length}" class="muted">none</td></tr>`}</tbody>`;

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : "–");
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function say(text, isError = false) {
  el("message").textContent = text;
  el("message").className = isError ? "error" : "";
}

refresh();
setInterval(refresh, REFRESH_MS);

// The event's lifecycle status; a scheduled sale shows the time left until it opens (as of this refresh).
function saleOf(e) {
  if (e.status !== "scheduled" || !e.opens_at) return e.status.replace("_", " ");
  const seconds = Math.max(0, Math.round((Date.parse(e.opens_at) - Date.now()) / 1000));
  return seconds === 0 ? "opening" : `opens in ${countdown(seconds)}`;
}

function countdown(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return `${h > 0 ? `${h}h ` : ""}${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}
