// Shared by the k6 scripts: knobs, the event layout, and the calls every scenario makes.
// The driver in load/Ticketing.Load reads the same knobs under the same names (see load/README.md).
import http from 'k6/http';
import { check, fail } from 'k6';

function number(name, fallback) {
  const value = __ENV[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (Number.isNaN(parsed)) fail(`${name}=${value} is not a number`);
  return parsed;
}

export const knobs = {
  baseUrl: (__ENV.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, ''),
  users: number('USERS', 100),
  rate: number('RATE', 100),
  duration: __ENV.DURATION || '3m',
  eventId: __ENV.EVENT_ID || '',
  adminToken: __ENV.ADMIN_TOKEN || '',
  eventSeats: number('EVENT_SEATS', 20000),
  seatsPerRow: number('SEATS_PER_ROW', 50),
  rowsPerSection: number('ROWS_PER_SECTION', 20),
  holdTtl: number('HOLD_TTL', 30),
  maxSeatsPerHold: number('MAX_SEATS_PER_HOLD', 8),
  maxTicketsPerUser: number('MAX_TICKETS_PER_USER', 8),
  maxSeats: number('MAX_SEATS', 4),
  bestAvailableShare: number('BEST_AVAILABLE_SHARE', 0.5),
  declineShare: number('DECLINE_SHARE', 0.1),
  abandonShare: number('ABANDON_SHARE', 0.1),
  maxRetries: number('MAX_RETRIES', 3),
};

export const api = `${knobs.baseUrl}/api/v1`;

export function jsonHeaders(token) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return headers;
}

export function devToken(userId, role) {
  const res = http.post(`${api}/auth/dev-token`, JSON.stringify({ user_id: userId, role }), {
    headers: jsonHeaders(), tags: { name: 'token' },
  });
  check(res, { 'dev token issued': (r) => r.status === 200 });
  return res.status === 200 ? res.json('access_token') : null;
}

// The layout the driver's EventPlan builds: sections S01.. of ROWS_PER_SECTION rows R001.. of
// SEATS_PER_ROW seats, nearer sections dearer; seat ids S01-R001-1.
export function eventLayout(title, seats) {
  const sections = [];
  let remaining = seats;
  for (let section = 1; remaining > 0; section++) {
    const rows = [];
    for (let row = 1; row <= knobs.rowsPerSection && remaining > 0; row++) {
      const count = Math.min(knobs.seatsPerRow, remaining);
      rows.push({ id: `R${String(row).padStart(3, '0')}`, seats: count });
      remaining -= count;
    }
    sections.push({
      id: `S${String(section).padStart(2, '0')}`, name: `Section ${section}`,
      price: Math.max(20, 200 - (section - 1) * 10), rows,
    });
  }
  return {
    title, venue: 'Load Arena', starts_at: new Date(Date.now() + 30 * 86400000).toISOString(), currency: 'USD',
    hold_ttl_seconds: knobs.holdTtl, max_seats_per_hold: knobs.maxSeatsPerHold,
    max_tickets_per_user: knobs.maxTicketsPerUser, sections,
  };
}

// ADMIN_TOKEN when given, else a dev token with the admin role.
export function adminToken() {
  const admin = knobs.adminToken || devToken('k6-admin', 'admin');
  if (!admin) fail('no admin token: set ADMIN_TOKEN, or run the service with dev tokens on');
  return admin;
}

// EVENT_ID when given, else a fresh event of EVENT_SEATS seats (needs ADMIN_TOKEN or dev tokens).
export function eventForRun(title, seats) {
  if (knobs.eventId) return knobs.eventId;
  const admin = adminToken();
  const res = http.post(`${api}/events`, JSON.stringify(eventLayout(title, seats)), {
    headers: jsonHeaders(admin), tags: { name: 'create_event' },
  });
  if (res.status !== 201) fail(`creating the event answered ${res.status}: ${res.body}`);
  return res.json('id');
}

export function availability(eventId) {
  const res = http.get(`${api}/events/${eventId}`, { tags: { name: 'event' } });
  return res.status === 200 ? res.json('availability') : null;
}
