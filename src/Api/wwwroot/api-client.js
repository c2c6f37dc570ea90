// A small client for the Ticketing HTTP API, shared by the pages.

const TOKEN_KEY = "ticketing.token";
const ADMISSION_KEY = "ticketing.admission.";
// Reservation calls of an event behind a waiting room carry the fan's admission (see queue.js).
const RESERVATIONS_PATH = /^\/api\/v1\/events\/([^/]+)\/reservations$/;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

export async function call(method, path, body, token = currentToken()) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  const admission = admissionFor(path.match(RESERVATIONS_PATH)?.[1]);
  if (admission) headers["X-Admission-Token"] = admission;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const payload = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, payload);
  return payload;
}

// The admission the waiting room gave this tab's fan for an event, kept until it expires.
export function rememberAdmission(eventId, token, expiresAt) {
  sessionStorage.setItem(ADMISSION_KEY + eventId, JSON.stringify({ token, expiresAt }));
}

function admissionFor(eventId) {
  if (!eventId) return null;
  const stored = JSON.parse(sessionStorage.getItem(ADMISSION_KEY + eventId) || "null");
  return stored && Date.parse(stored.expiresAt) > Date.now() ? stored.token : null;
}

export function currentToken() {
  return localStorage.getItem(TOKEN_KEY);
}

// Development sign-in: the service issues tokens only when configured to (./ticketing run does).
export async function signInForDevelopment(role = "customer") {
  const existing = currentToken();
  if (existing && role === "customer") return existing;
  const userId = `web-${crypto.randomUUID().slice(0, 8)}`;
  const { access_token: token } = await call("POST", "/api/v1/auth/dev-token", { user_id: userId, role }, null);
  if (role === "customer") localStorage.setItem(TOKEN_KEY, token);
  return token;
}

export function userOf(token) {
  try {
    return JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).sub;
  } catch {
    return null;
  }
}
