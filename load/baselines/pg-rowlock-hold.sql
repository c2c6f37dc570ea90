-- pgbench script: hold 4 adjacent seats the row-lock way (the baseline the Redis engine is
-- measured against). Each client walks its own range of seats, so every transaction asks for
-- free seats and the run measures holds, not conflicts, as the wrk hold run does.
--   pgbench -n -f pg-rowlock-hold.sql -D per_client=N -c C -j J -T S --max-tries=10
-- per_client = holds each client may make before its range runs out (seats / 4 / C).
-- :n persists per client between transactions; pass -D n=0 to start it.
\set n :n + 1
\set first_seat (:client_id * :per_client + (:n % :per_client)) * 4 + 1
\set user_id random(1, 100000)
BEGIN ISOLATION LEVEL SERIALIZABLE;
SELECT count(*) AS free_seats
FROM (SELECT seat_no
      FROM baseline_seats
      WHERE event_id = 1
        AND seat_no BETWEEN :first_seat AND :first_seat + 3
        AND (status = 'available' OR (status = 'held' AND held_until < now()))
      FOR UPDATE NOWAIT) AS locked \gset
\if :free_seats = 4
INSERT INTO baseline_bookings (event_id, user_id, seat_nos, status, expires_at)
VALUES (1, :user_id, ARRAY[:first_seat, :first_seat + 1, :first_seat + 2, :first_seat + 3], 'held', now() + interval '5 minutes')
RETURNING id AS booking_id \gset
UPDATE baseline_seats
SET status = 'held', booking_id = :booking_id, held_until = now() + interval '5 minutes'
WHERE event_id = 1 AND seat_no BETWEEN :first_seat AND :first_seat + 3;
\endif
END;
