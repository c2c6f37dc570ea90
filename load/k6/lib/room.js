// The waiting room as the k6 scripts meet it: an operator turns it on, a fan joins and polls its
// place until admitted. The driver's FanJourney does the same (load/Ticketing.Load).
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { api, jsonHeaders } from './ticketing.js';

const joinExpected = http.expectedStatuses(201);
const pollExpected = http.expectedStatuses(200);

// settings: { max_active, admit_per_second, target_p99_ms }. The service sets the rate under them.
export function openRoom(eventId, admin, settings) {
  const res = http.put(`${api}/events/${eventId}/waiting-room`, JSON.stringify(Object.assign({ enabled: true }, settings)), {
    headers: jsonHeaders(admin), tags: { name: 'configure_room' },
  });
  if (res.status !== 200) fail(`turning the waiting room on answered ${res.status}: ${res.body}`);
}

// Joins, then polls after each answer's poll_after_seconds (or maxPollWait when lower) until
// admitted; joins again when the place expired (at most 3 times). Answers the admission token, or
// null when the room turned the fan away or saleOver() says there is nothing left to wait for.
export function waitForAdmission(eventId, token, maxPollWait, saleOver) {
  let answer = join(eventId, token);
  let queueToken = answer && answer.queue_token;
  for (let rejoins = 0; answer && !saleOver();) {
    if (answer.status === 'admitted' && answer.admission_token) return answer.admission_token;
    if (answer.status === 'waiting' && queueToken) {
      sleep(Math.min(answer.poll_after_seconds || 2, maxPollWait));
      answer = poll(eventId, queueToken);
      // A poll may hand over a new queue token (a pre-queue fan's number drawn at the open).
      queueToken = (answer && answer.queue_token) || queueToken;
    } else if (answer.status === 'expired' && rejoins++ < 3) {
      answer = join(eventId, token);
      queueToken = (answer && answer.queue_token) || queueToken;
    } else {
      return null;
    }
  }
  return null;
}

function join(eventId, token) {
  const res = http.post(`${api}/events/${eventId}/queue`, null, {
    headers: jsonHeaders(token), tags: { name: 'join' }, responseCallback: joinExpected,
  });
  check(res, { 'join answers 201': (r) => r.status === 201 });
  return res.status === 201 ? res.json() : null;
}

function poll(eventId, queueToken) {
  const res = http.get(`${api}/events/${eventId}/queue/${encodeURIComponent(queueToken)}`, {
    tags: { name: 'poll' }, responseCallback: pollExpected,
  });
  check(res, { 'poll answers 200': (r) => r.status === 200 });
  return res.status === 200 ? res.json() : null;
}
