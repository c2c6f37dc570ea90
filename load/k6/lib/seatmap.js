// A virtual user's own, possibly stale, view of the free seats: the same picking rules as the
// driver's LocalSeatMap (load/Ticketing.Load/Scenarios/FlashSale/LocalSeatMap.cs).
import { randomIntBetween } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';

// The free seats of a compact status (one letter per seat, 'a' available) over the layout's rows,
// in layout order: sections, their rows, seats 1..n.
export function freeSeatRows(layout, status) {
  const rows = [];
  let position = 0;
  for (const section of layout.sections) {
    for (const row of section.rows) {
      const free = [];
      for (let number = 1; number <= row.seats; number++, position++) {
        if (status[position] === 'a') free.push({ id: `${section.id}-${row.id}-${number}`, number });
      }
      if (free.length > 0) rows.push(free);
    }
  }
  return rows;
}

export function freeSeatCount(rows) {
  return rows.reduce((sum, row) => sum + row.length, 0);
}

function adjacentRun(row, quantity) {
  if (row.length < quantity) return null;
  const starts = [];
  for (let i = 0; i + quantity <= row.length; i++) {
    if (row[i + quantity - 1].number - row[i].number === quantity - 1) starts.push(i);
  }
  if (starts.length === 0) return null;
  const first = starts[randomIntBetween(0, starts.length - 1)];
  return row.slice(first, first + quantity).map((s) => s.id);
}

// Adjacent seats in a random row when one has such a run, else any free seats of one row,
// else whatever is left; [] when the map has no free seat.
export function pickSeats(rows, quantity) {
  if (rows.length === 0) return [];
  const start = randomIntBetween(0, rows.length - 1);
  for (let offset = 0; offset < rows.length; offset++) {
    const run = adjacentRun(rows[(start + offset) % rows.length], quantity);
    if (run) return run;
  }
  const fullest = rows.reduce((best, row) => (row.length > best.length ? row : best));
  if (fullest.length >= quantity) return fullest.slice(0, quantity).map((s) => s.id);
  return rows.flat().slice(0, quantity).map((s) => s.id);
}

// Strikes out seats the service said were taken; returns the rows that still have free seats.
export function markTaken(rows, seatIds) {
  const taken = new Set(seatIds);
  return rows.map((row) => row.filter((s) => !taken.has(s.id))).filter((row) => row.length > 0);
}
