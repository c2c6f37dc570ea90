// Flash sale, as an open model: buyers arrive at RATE per second (the admission rate of the
// waiting room in front of the sale) whether or not earlier buyers have been answered, and each
// iteration is one new buyer who runs the journey once: it gets its own dev token, reads the seat
// map when its virtual user's view is stale, holds 1..MAX_SEATS seats (explicitly picked, or best
// available), retries with other seats on 409, then pays with tok_visa, is declined (tok_declined,
// then releases), or abandons the hold to expire. Latency is what a buyer admitted at RATE sees.
//
// USERS is the most buyers in flight at once (k6 maxVUs). A virtual user keeps its seat-map view
// across the buyers it runs, as a browser would. When all USERS are busy, k6 cannot start an
// arrival: it counts it in `dropped_iterations`. Any dropped iteration means the service (or this
// machine) fell behind RATE, so the latencies describe fewer buyers than were offered.
// The run ends after DURATION; a virtual user that learns every seat is sold returns at once from
// then on (k6 cannot end a test early without failing it).
//
// The driver runs the same model and journey (`dotnet run --project load/Ticketing.Load -c Release
// -- flash-sale`) and checks the invariants against Redis and PostgreSQL afterwards (k6 cannot reach
// them; teardown checks what HTTP can see).
//
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e RATE=100 -e USERS=400 -e DURATION=3m -e EVENT_SEATS=20000 load/k6/flash-sale.js
import http from 'k6/http';
import exec from 'k6/execution';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { uuidv4 } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { api, knobs, devToken, eventForRun, availability, jsonHeaders } from './lib/ticketing.js';
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

// USERS defaults to 400 here: the cap on buyers in flight, not how many buyers there are.
const maxBuyersInFlight = __ENV.USERS ? knobs.users : 400;

export const options = {
  scenarios: {
    flash_sale: {
      executor: 'constant-arrival-rate',
      rate: knobs.rate,
      timeUnit: '1s',
      duration: knobs.duration,
      // One second of arrivals up front; k6 adds virtual users up to maxVUs if buyers take longer.
      preAllocatedVUs: Math.min(maxBuyersInFlight, Math.max(1, Math.ceil(knobs.rate))),
      maxVUs: maxBuyersInFlight,
      gracefulStop: '30s',
    },
  },
  thresholds: {
    'http_req_duration{name:hold}': ['p(95)<50', 'p(99)<100'],
    'http_req_duration{name:hold_best}': ['p(99)<100'],
    'http_req_duration{name:commit}': ['p(95)<50', 'p(99)<100'],
    'http_req_failed{name:hold}': ['rate<0.01'],
    'http_req_failed{name:hold_best}': ['rate<0.01'],
    'http_req_failed{name:commit}': ['rate<0.01'],
    checks: ['rate>0.99'],
  },
  setupTimeout: '120s',
};

export function setup() {
  const runId = Date.now().toString(36);
  return { runId, eventId: eventForRun(`Flash sale ${runId}`, knobs.eventSeats) };
}

// Per virtual user (each VU has its own copy of module state), kept across the buyers it runs.
let freeRows = null;
let saleOver = false;

export default function (data) {
  if (saleOver) return;
  const buyer = drawBuyer();
  const token = devToken(`k6-${data.runId}-${exec.scenario.iterationInTest}`, 'customer');
  if (!token) return;

  const hold = buyer.bestAvailable ? holdBestAvailable(data.eventId, token, buyer.quantity)
    : holdExplicitSeats(data.eventId, token, buyer.quantity);
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

function postHold(eventId, token, body, name) {
  const res = http.post(`${api}/events/${eventId}/reservations`, JSON.stringify(body), {
    headers: jsonHeaders(token), tags: { name }, responseCallback: holdExpected,
  });
  check(res, { 'hold answers 201 or 409': (r) => r.status === 201 || r.status === 409 });
  if (res.status === 409) holdConflicts.add(1);
  return res;
}

function holdBestAvailable(eventId, token, wanted) {
  // Near the end only scattered seats remain: a buyer settles for fewer, as people do.
  let quantity = wanted;
  for (let attempt = 0; attempt <= knobs.maxRetries && quantity > 0; attempt++) {
    const res = postHold(eventId, token, {
      client_reservation_id: uuidv4(), best_available: { quantity, adjacent: false }, ttl_seconds: knobs.holdTtl,
    }, 'hold_best');
    if (res.status === 201) return res.json();
    if (res.status !== 409) return null;
    quantity -= 1;
  }
  noSeatsFound(eventId);
  return null;
}

function holdExplicitSeats(eventId, token, quantity) {
  for (let attempt = 0; attempt <= knobs.maxRetries; attempt++) {
    if ((freeRows === null || freeSeatCount(freeRows) === 0) && !refreshSeatMap(eventId)) {
      // A fresh map shows no free seat: the sale is over, or every seat is held for now.
      noSeatsFound(eventId);
      return null;
    }
    const seats = pickSeats(freeRows, quantity);
    const res = postHold(eventId, token, {
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

function refreshSeatMap(eventId) {
  const res = http.get(`${api}/events/${eventId}/seatmap`, { tags: { name: 'seatmap' } });
  check(res, { 'seat map answers 200': (r) => r.status === 200 });
  freeRows = res.status === 200 ? freeSeatRows(res.json()) : null;
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
