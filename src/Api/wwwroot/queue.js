// The fan's side of the waiting room: join, poll when the service says, move to the seat map on admission.
import { call, rememberAdmission, signInForDevelopment } from "/api-client.js";

const el = (id) => document.getElementById(id);
const eventId = new URLSearchParams(location.search).get("event");
const QUEUE_KEY = `ticketing.queue.${eventId}`;
let firstPosition = null;

async function start() {
  if (!eventId) return say("No event given.", true);
  el("fairness").href = `/api/v1/events/${eventId}/queue/fairness`;
  try {
    await signInForDevelopment();
    const event = await call("GET", `/api/v1/events/${eventId}`);
    el("event-title").textContent = `${event.title} · ${event.venue}`;
    // Joining again (a reload) keeps the place: the service answers the same one.
    const joined = await call("POST", `/api/v1/events/${eventId}/queue`);
    sessionStorage.setItem(QUEUE_KEY, joined.queue_token);
    el("fan-id").textContent = joined.fan_id;
    show(joined);
  } catch (error) {
    say(error.message, true);
  }
}

async function poll() {
  try {
    const answer = await call("GET", `/api/v1/events/${eventId}/queue/${sessionStorage.getItem(QUEUE_KEY)}`, undefined, null);
    if (answer.queue_token) sessionStorage.setItem(QUEUE_KEY, answer.queue_token);
    show(answer);
  } catch (error) {
    say(error.message, true);
    setTimeout(poll, 5000);
  }
}

function show(answer) {
  if (answer.status === "admitted") {
    rememberAdmission(eventId, answer.admission_token, answer.admission_expires_at);
    el("headline").textContent = "It is your turn!";
    el("progress").value = 1;
    location.assign(`/?event=${eventId}`);
    return;
  }

  if (answer.status === "expired") {
    el("headline").textContent = "Your place has lapsed.";
    return say("Reload the page to join again at the back of the queue.", true);
  }

  if (answer.position == null) {
    el("headline").textContent = "You are in the pre-queue";
    el("position").textContent = "drawn at the open";
  } else {
    el("headline").textContent = "You are in the queue";
    el("position").textContent = answer.position.toLocaleString();
    firstPosition ??= answer.position;
    el("progress").value = firstPosition > 0 ? 1 - (answer.position - 1) / firstPosition : 0;
  }

  el("eta").textContent = answer.estimated_wait_seconds == null ? "measuring…" : duration(answer.estimated_wait_seconds);
  setTimeout(poll, (answer.poll_after_seconds ?? 5) * 1000);
}

function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function say(text, isError = false) {
  el("message").textContent = text;
  el("message").className = isError ? "error" : "";
}

start();
