// Flash sale through the event's waiting room. Setup turns the room on (MAX_ACTIVE fans in the sale
// at once, at most ADMIT_PER_SECOND admissions a second, TARGET_P99_MS for the hold and commit p99):
// from then on the service's admission loop, not this script, decides how fast fans get in.
// FANS fans join at JOIN_RATE per second (an open model: joins come whether or not earlier fans
// were answered), and each iteration is one fan who runs the journey once: it gets its own dev
// token, joins the queue, polls its place after the answer's poll_after_seconds (MAX_POLL_WAIT may
// cap the wait for a bench; by default the service's pacing is honoured), and once admitted buys
// with X-Admission-Token: reads the seat map when its virtual user's view is stale, holds
// 1..MAX_SEATS seats (explicitly picked, or best available), retries with other seats on 409, then
// pays with tok_visa, is declined (tok_declined, then releases), or abandons the hold to expire.
//
// USERS is the most fans in flight at once (k6 maxVUs, FANS by default): a fan waiting in the queue
// keeps its virtual user busy. When all are busy, k6 cannot start a join: it counts it in
// `dropped_iterations`. The run ends after DURATION; a virtual user that learns every seat is sold
// returns at once from then on (k6 cannot end a test early without failing it).
// Every fan joins from this machine's address: run the service with a per-address join budget
// that fits (WaitingRoom__JoinsPerAddress, 100 per minute by default).
//
// The driver runs the same model and journey (`dotnet run --project load/Ticketing.Load -c Release
// -- flash-sale`) and checks the invariants against Redis and PostgreSQL afterwards (k6 cannot reach
// them; teardown checks what HTTP can see).
//
//   WaitingRoom__JoinsPerAddress=1000000 ./ticketing run
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e FANS=20000 -e JOIN_RATE=500 -e DURATION=4m -e EVENT_SEATS=20000 load/k6/flash-sale.js
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { api, knobs, devToken, eventForRun, availability, jsonHeaders, adminToken } from './lib/ticketing.js';
import { openRoom, waitForAdmission } from './lib/room.js';
import { freeSeatRows, freeSeatCount, pickSeats, markTaken } from './lib/seatmap.js';

// A 409 on a hold is a buyer losing a race and a 402 is the declined test card: expected answers.
// Anything else (5xx, 429, 410 on a fresh hold) counts in http_req_failed.
const holdExpected = http.expectedStatuses(201, 409);
const commitExpected = http.expectedStatuses(200);
const declineExpected = http.expectedStatuses(402);
const releaseExpected = http.expectedStatuses(204);

const ordersConfirmed = new Counter('orders_confirmed');
const seatsSold = new Counter('seats_sold');
const holdConflicts = new Counter('hold_conflicts');
const paymentsDeclined = new Counter('payments_declined');
const holdsAbandoned = new Counter('holds_abandoned');
const fansAdmitted = new Counter('fans_admitted');

// FANS defaults to the event's seats (more than enough to sell out); USERS to FANS.
const fans = __ENV.FANS ? Number(__ENV.FANS) : knobs.eventSeats;
const joinRate = __ENV.JOIN_RATE ? Number(__ENV.JOIN_RATE) : 500;
const maxFansInFlight = __ENV.USERS ? knobs.users : fans;
const room = {
  max_active: __ENV.MAX_ACTIVE ? Number(__ENV.MAX_ACTIVE) : 1000,
  admit_per_second: __ENV.ADMIT_PER_SECOND ? Number(__ENV.ADMIT_PER_SECOND) : 500,
  target_p99_ms: __ENV.TARGET_P99_MS ? Number(__ENV.TARGET_P99_MS) : 100,
};
// How long a fan who leaves without buying keeps a place under max_active (the service's default when unset).
if (__ENV.ADMISSION_TTL) room.admission_ttl_seconds = Number(__ENV.ADMISSION_TTL);
// An on-sale announced for a set time: the sale opens PRE_QUEUE seconds after setup ('30' or '30s');
// fans who join before then wait in the pre-queue, whose order is drawn at the open.
const preQueueSeconds = __ENV.PRE_QUEUE ? parseFloat(__ENV.PRE_QUEUE) : 0;
const maxPollWait = __ENV.MAX_POLL_WAIT ? Number(__ENV.MAX_POLL_WAIT) : Infinity;

export const options = {
  scenarios: {
    flash_sale: {
      executor: 'constant-arrival-rate',
      rate: joinRate,
      timeUnit: '1s',
      // Joins stop once FANS have joined; the fans then wait their turn until DURATION's grace ends.
      duration: `${Math.max(1, Math.ceil(fans / joinRate))}s`,
      // One second of joins up front; k6 adds virtual users up to maxVUs as fans wait.
      preAllocatedVUs: Math.min(maxFansInFlight, Math.max(1, Math.ceil(joinRate))),
      maxVUs: maxFansInFlight,
      gracefulStop: knobs.duration,
    },
  },
  thresholds: {
    'http_req_duration{name:hold}': ['p(95)<50', 'p(99)<100'],
    'http_req_duration{name:hold_best}': ['p(99)<100'],
    'http_req_duration{name:commit}': ['p(95)<50', 'p(99)<100'],
    'http_req_failed{name:hold}': ['rate<0.01'],
    'http_req_failed{name:hold_best}': ['rate<0.01'],
    'http_req_failed{name:commit}': ['rate<0.01'],
    'http_req_failed{name:join}': ['rate<0.01'],
    'http_req_failed{name:poll}': ['rate<0.01'],
    checks: ['rate>0.99'],
  },
  setupTimeout: '120s',
};

export function setup() {
  const runId = Date.now().toString(36);
  const eventId = eventForRun(`Flash sale ${runId}`, knobs.eventSeats);
  const opensAt = preQueueSeconds > 0 ? { opens_at: new Date(Date.now() + preQueueSeconds * 1000).toISOString() } : {};
  openRoom(eventId, adminToken(), Object.assign({}, room, opensAt));
  return { runId, eventId };
}

// Per virtual user (each VU has its own copy of module state), kept across the buyers it runs.
let freeRows = null;
let layout = null;
let saleOver = false;

export default function (data) {
  if (saleOver) return;
  const buyer = drawBuyer();
  const token = devToken(`k6-${data.runId}-${exec.scenario.iterationInTest}`, 'customer');
  if (!token) return;
  const admission = waitForAdmission(data.eventId, token, maxPollWait, () => saleOver);
  if (!admission) return;
  fansAdmitted.add(1);

  const hold = buyer.bestAvailable ? holdBestAvailable(data.eventId, token, admission, buyer.quantity)
    : holdExplicitSeats(data.eventId, token, admission, buyer.quantity);
  if (!hold) return;

  if (buyer.payment === 'pay') {
    const res = commit(hold, token, 'tok_visa', 'commit', commitExpected);
    if (check(res, { 'commit confirmed': (r) => r.status === 200 })) {
      ordersConfirmed.add(1);
      seatsSold.add(hold.seats.length);
    }
  } else if (buyer.payment === 'decline') {
    const res = commit(hold, token, 'tok_declined', 'commit_declined', declineExpected);
    if (check(res, { 'declined card answers 402': (r) => r.status === 402 })) {
      paymentsDeclined.add(1);
      const released = http.del(`${api}/reservations/${hold.reservation_id}`, null, {
        headers: jsonHeaders(token), tags: { name: 'release' }, responseCallback: releaseExpected,
      });
      check(released, { 'release answers 204': (r) => r.status === 204 });
    }
  } else {
    holdsAbandoned.add(1);
  }
}

function drawBuyer() {
  const quantity = 1 + Math.floor(Math.random() * knobs.maxSeats);
  const bestAvailable = Math.random() < knobs.bestAvailableShare;
  const roll = Math.random();
  const payment = roll < knobs.declineShare ? 'decline'
    : roll < knobs.declineShare + knobs.abandonShare ? 'abandon' : 'pay';
  return { quantity, bestAvailable, payment };
}

function postHold(eventId, token, admission, body, name) {
  const headers = Object.assign(jsonHeaders(token), { 'X-Admission-Token': admission });
  const res = http.post(`${api}/events/${eventId}/reservations`, JSON.stringify(body), {
    headers, tags: { name }, responseCallback: holdExpected,
  });
  check(res, { 'hold answers 201 or 409': (r) => r.status === 201 || r.status === 409 });
  if (res.status === 409) holdConflicts.add(1);
  return res;
}

function holdBestAvailable(eventId, token, admission, wanted) {
  // Near the end only scattered seats remain: a buyer settles for fewer, as people do.
  let quantity = wanted;
  for (let attempt = 0; attempt <= knobs.maxRetries && quantity > 0; attempt++) {
    const res = postHold(eventId, token, admission, {
      client_reservation_id: uuidv4(), best_available: { quantity, adjacent: false }, ttl_seconds: knobs.holdTtl,
    }, 'hold_best');
    if (res.status === 201) return res.json();
    if (res.status !== 409) return null;
    quantity -= 1;
  }
  noSeatsFound(eventId);
  return null;
}

function holdExplicitSeats(eventId, token, admission, quantity) {
  for (let attempt = 0; attempt <= knobs.maxRetries; attempt++) {
    if ((freeRows === null || freeSeatCount(freeRows) === 0) && !refreshSeatMap(eventId)) {
      // A fresh map shows no free seat: the sale is over, or every seat is held for now.
      noSeatsFound(eventId);
      return null;
    }
    const seats = pickSeats(freeRows, quantity);
    const res = postHold(eventId, token, admission, {
      client_reservation_id: uuidv4(), seat_ids: seats, ttl_seconds: knobs.holdTtl,
    }, 'hold');
    if (res.status === 201) {
      freeRows = markTaken(freeRows, seats);
      return res.json();
    }
    if (res.status !== 409) return null;
    // Retry with other seats: strike out what the service named (all we tried, if it named none).
    const named = res.json('unavailable_seats');
    freeRows = markTaken(freeRows, named && named.length > 0 ? named : seats);
  }
  freeRows = null; // out of retries: this map is too stale to pick from again
  return null;
}

// As the seat-map page reads it: the layout once (a browser caches it), then the compact status.
function refreshSeatMap(eventId) {
  if (!layout) {
    const res = http.get(`${api}/events/${eventId}/layout`, { tags: { name: 'layout' } });
    check(res, { 'layout answers 200': (r) => r.status === 200 });
    if (res.status !== 200) return false;
    layout = res.json();
  }
  const res = http.get(`${api}/events/${eventId}/seat-status`, { tags: { name: 'seat_status' } });
  check(res, { 'seat status answers 200': (r) => r.status === 200 });
  freeRows = res.status === 200 ? freeSeatRows(layout, res.json('status')) : null;
  return freeRows !== null && freeSeatCount(freeRows) > 0;
}

// Ends this VU's buying when every seat is sold. Otherwise the buyer leaves without waiting:
// seats still held come back when their holds are released or expire, for buyers arriving later.
function noSeatsFound(eventId) {
  const counters = availability(eventId);
  if (counters && counters.available_seats === 0 && counters.held_seats === 0) saleOver = true;
}

function commit(hold, token, paymentToken, name, expected) {
  return http.post(`${api}/reservations/${hold.reservation_id}/commit`,
    JSON.stringify({ payment_token: paymentToken, idempotency_key: `pay-${hold.reservation_id}` }), {
      headers: jsonHeaders(token), tags: { name }, responseCallback: expected,
    });
}

// What HTTP can prove after the sale: the counters add up and agree with a recount of the seat map.
// The full invariant check (PostgreSQL, Redis, hold expiry) is the driver's `check` verb.
export function teardown(data) {
  const counters = availability(data.eventId);
  const seatMap = http.get(`${api}/events/${data.eventId}/seatmap`, { tags: { name: 'seatmap' } });
  if (!counters || seatMap.status !== 200) return;
  const recount = { available: 0, held: 0, sold: 0 };
  for (const section of seatMap.json('sections')) {
    for (const row of section.rows) {
      for (const seat of row.seats) recount[seat.status] += 1;
    }
  }
  check(counters, {
    'counters add up to the seats': (c) => c.available_seats + c.held_seats + c.sold_seats === c.total_seats,
    'sold counter equals the seat map': (c) => c.sold_seats === recount.sold,
  });
  console.log(`event ${data.eventId}: ${counters.sold_seats}/${counters.total_seats} sold, ${counters.held_seats} held. ` +
    `Full check: dotnet run --project load/Ticketing.Load -c Release -- check --event-id ${data.eventId}`);
}

export function handleSummary(data) {
  return {
    stdout: textSummary(data, { indent: ' ', enableColors: true }),
    [__ENV.SUMMARY_FILE || 'flash-sale-summary.json']: JSON.stringify(data, null, 2),
  };
}
