// The buyer's orders with their tickets: number, seat, status and the QR code the gate scans.
import { call, currentToken, userOf } from "/api-client.js";

const el = (id) => document.getElementById(id);
const TOKEN_KEY = "ticketing.token";

function say(text, isError = false) {
  el("message").textContent = text;
  el("message").className = isError ? "error" : "";
}

// A link from elsewhere may carry the buyer's token in the fragment, which never reaches the server.
const fromFragment = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromFragment) {
  localStorage.setItem(TOKEN_KEY, fromFragment);
  history.replaceState(null, "", location.pathname + location.search);
}

// The QR image needs the bearer token, which an <img src> cannot send: fetched, then shown as a data:
// URL (the page's Content-Security-Policy allows images from 'self' and data: only).
async function qrImage(orderId, ticket, token) {
  const img = document.createElement("img");
  img.className = "qr";
  img.alt = `QR code of ticket ${ticket.number}`;
  img.width = 160;
  img.height = 160;
  const response = await fetch(`/api/v1/orders/${encodeURIComponent(orderId)}/tickets/${encodeURIComponent(ticket.ticket_id)}/qr`,
    { headers: { Authorization: `Bearer ${token}` } });
  if (response.ok) img.src = await dataUrlOf(await response.blob());
  return img;
}

function dataUrlOf(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

async function renderOrder(order, token) {
  const section = document.createElement("section");
  section.className = "order";
  section.dataset.order = order.order_id;
  const title = document.createElement("h2");
  title.textContent = `Order ${order.order_id} · ${order.status.replace("_", " ")} · ${order.total_amount} ${order.currency} · ${new Date(order.confirmed_at).toLocaleString()}`;
  section.append(title);
  const table = document.createElement("table");
  table.innerHTML = "<thead><tr><th>Number</th><th>Seat</th><th>Status</th><th>QR code</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const ticket of order.tickets) {
    const row = document.createElement("tr");
    row.dataset.ticket = ticket.ticket_id;
    const status = ticket.checked_in_at ? `checked in ${new Date(ticket.checked_in_at).toLocaleString()}` : ticket.status;
    row.append(cell(ticket.number), cell(ticket.seat_id), cell(status));
    const qr = document.createElement("td");
    qr.append(await qrImage(order.order_id, ticket, token));
    row.append(qr);
    body.append(row);
  }
  table.append(body);
  section.append(table);
  if (order.status !== "refunded") section.append(cancelButton(order, token));
  return section;
}

// Cancelling refunds every ticket still active; the server decides whether the refund window allows it
// and answers a problem whose detail is shown as is.
function cancelButton(order, token) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cancel";
  button.textContent = "Cancel order and refund";
  button.addEventListener("click", async () => {
    if (!confirm(`Cancel order ${order.order_id}? Its active tickets are refunded and their seats go back on sale.`)) return;
    button.disabled = true;
    try {
      await call("POST", `/api/v1/orders/${encodeURIComponent(order.order_id)}/cancel`, undefined, token);
      await load();
      say(`Order ${order.order_id} is cancelled: the refund is on its way.`);
    } catch (error) {
      button.disabled = false;
      say(error.message, true);
    }
  });
  return button;
}

async function load() {
  const token = currentToken();
  if (!token) {
    say("Sign in on the seat map and buy a ticket: your tickets show here.");
    return;
  }
  el("who").textContent = userOf(token) || "";
  try {
    const { data } = await call("GET", "/api/v1/me/orders", undefined, token);
    if (data.length === 0) {
      say("You have no orders yet.");
      return;
    }
    const sections = await Promise.all(data.map((order) => renderOrder(order, token)));
    el("orders").replaceChildren(...sections);
    say(`${data.length} order(s).`);
  } catch (error) {
    say(error.status === 401 ? "Your sign-in has expired: open the seat map to sign in again." : error.message, true);
  }
}

load();
