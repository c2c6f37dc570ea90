// Browse: USERS anonymous visitors read the catalogue, one event and its seat map, over and over,
// for DURATION. Nothing changes state. The driver runs the same loop:
// `dotnet run --project load/Ticketing.Load -c Release -- browse`.
//
//   k6 run -e BASE_URL=http://127.0.0.1:8080 -e USERS=50 -e DURATION=30s -e EVENT_SEATS=2000 load/k6/browse.js
import http from 'k6/http';
import { check } from 'k6';
import { textSummary } from 'https://jslib.k6.io/k6-summary/0.0.2/index.js';
import { api, knobs, eventForRun } from './lib/ticketing.js';

export const options = {
  scenarios: {
    browse: { executor: 'constant-vus', vus: __ENV.USERS ? knobs.users : 50, duration: knobs.duration },
  },
  thresholds: {
    'http_req_duration{name:events}': ['p(95)<50'],
    'http_req_duration{name:event}': ['p(95)<50'],
    'http_req_duration{name:seatmap}': ['p(95)<200'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
  setupTimeout: '60s',
};

export function setup() {
  return { eventId: eventForRun(`Browse ${Date.now().toString(36)}`, __ENV.EVENT_SEATS ? knobs.eventSeats : 2000) };
}

export default function (data) {
  const page = 1 + (__ITER % 3);
  const events = http.get(`${api}/events?page=${page}&limit=20`, { tags: { name: 'events' } });
  check(events, { 'catalogue answers 200': (r) => r.status === 200 });
  const event = http.get(`${api}/events/${data.eventId}`, { tags: { name: 'event' } });
  check(event, { 'event answers 200 with availability': (r) => r.status === 200 && r.json('availability') !== null });
  const seatMap = http.get(`${api}/events/${data.eventId}/seatmap`, { tags: { name: 'seatmap' } });
  check(seatMap, { 'seat map answers 200': (r) => r.status === 200 });
}

export function handleSummary(data) {
  return {
    stdout: textSummary(data, { indent: ' ', enableColors: true }),
    [__ENV.SUMMARY_FILE || 'browse-summary.json']: JSON.stringify(data, null, 2),
  };
}
