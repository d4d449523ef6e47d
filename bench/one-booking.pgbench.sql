-- The SQL one coordinator booking needs at minimum, one round trip per statement (pgbench -M extended), run by
-- bench/database-limit.js on scratch copies of both services' schemas. :booking_payload and :wedding_payload are
-- events of the same run (-D). 15% of bookings are by a couple seen before, from this connection's own couples,
-- so two connections never race for one couple (retrying that race is not part of the minimum).
\set vendor random(1, 8)
\set couple random(1000000000, 9000000000000000)
\set couple CASE WHEN random(1, 100) <= 15 THEN :client_id * 1000 + random(1, 50) ELSE :couple END

-- bookings service: the booking and its BookingCreated event in one transaction
BEGIN;
INSERT INTO bookings.bookings (id, vendor_id, couple_name, contact_person, contact_email, contact_phone, event_date,
                               event_location, guest_count, budget_range, special_requests,
                               coordinator_integration_status)
VALUES (gen_random_uuid(), md5('bench-vendor-' || :vendor)::uuid, 'Couple ' || :couple, 'Couple ' || :couple,
        'couple' || :couple || '@bench.example', '0917' || :couple, current_date + 120, 'Manila Cathedral', 150,
        '50k-100k', 'Need full planning', 'pending')
RETURNING id AS booking_id \gset
INSERT INTO bookings.outbox (id, type, version, payload, correlation_id)
VALUES (gen_random_uuid(), 'booking.created', 1, :booking_payload::jsonb, :booking_id)
RETURNING id AS booking_event_id \gset
END;

-- bookings relay: the event marked sent
UPDATE bookings.outbox SET sent_at = now() WHERE id = :booking_event_id::uuid;

-- coordinator service: inbox, client upsert, wedding, link, six milestones, two activity entries, outgoing event
BEGIN;
INSERT INTO coordinator.inbox (message_id, type) VALUES (:booking_event_id::uuid, 'booking.created')
ON CONFLICT (message_id) DO NOTHING RETURNING message_id;
WITH existing AS (
  SELECT id FROM coordinator.coordinator_clients
   WHERE coordinator_id = md5('bench-vendor-' || :vendor)::uuid
     AND (email_normalized = 'couple' || :couple || '@bench.example' OR phone_normalized = '63917' || :couple)
   ORDER BY created_at LIMIT 1
), inserted AS (
  INSERT INTO coordinator.coordinator_clients
         (id, coordinator_id, couple_name, email, phone, email_normalized, phone_normalized, status, budget_range, notes)
  SELECT gen_random_uuid(), md5('bench-vendor-' || :vendor)::uuid, 'Couple ' || :couple,
         'couple' || :couple || '@bench.example', '0917' || :couple, 'couple' || :couple || '@bench.example',
         '63917' || :couple, 'lead', '50k-100k', 'Need full planning'
   WHERE NOT EXISTS (SELECT 1 FROM existing)
  ON CONFLICT DO NOTHING
  RETURNING id
)
SELECT id AS couple_client_id FROM inserted UNION ALL SELECT id FROM existing \gset
INSERT INTO coordinator.coordinator_weddings
       (id, coordinator_id, client_id, booking_id, couple_name, couple_email, couple_phone, wedding_date, venue, status,
        progress, budget, guest_count)
VALUES (gen_random_uuid(), md5('bench-vendor-' || :vendor)::uuid, :couple_client_id::uuid, :booking_id::uuid,
        'Couple ' || :couple, 'couple' || :couple || '@bench.example', '0917' || :couple, current_date + 120,
        'Manila Cathedral', 'planning', 0, 75000, 150)
ON CONFLICT (booking_id) DO NOTHING RETURNING id AS wedding_id \gset
UPDATE coordinator.coordinator_clients SET wedding_id = :wedding_id::uuid, status = 'active', updated_at = now()
 WHERE id = :couple_client_id::uuid;
INSERT INTO coordinator.wedding_milestones (id, wedding_id, title, description, days_before, due_date, compressed,
                                           sort_order)
SELECT gen_random_uuid(), :wedding_id::uuid, title, 'Default milestone', days, current_date + 120 - days, false, sort_order
  FROM (VALUES ('Initial Consultation', 7, 1), ('Venue Selection', 30, 2), ('Vendor Booking', 60, 3),
               ('Design & Decor', 90, 4), ('Final Details', 14, 5), ('Rehearsal', 1, 6)) AS m (title, days, sort_order);
INSERT INTO coordinator.coordinator_activity_log (id, coordinator_id, wedding_id, activity_type, description, metadata)
VALUES (gen_random_uuid(), md5('bench-vendor-' || :vendor)::uuid, :wedding_id::uuid, 'client_created',
        'New client Couple ' || :couple || ' auto-created from a booking',
        jsonb_build_object('bookingId', :booking_id::text, 'weddingId', :wedding_id::text, 'source', 'auto_booking')),
       (gen_random_uuid(), md5('bench-vendor-' || :vendor)::uuid, :wedding_id::uuid, 'wedding_created',
        'New wedding auto-created for Couple ' || :couple,
        jsonb_build_object('bookingId', :booking_id::text, 'weddingId', :wedding_id::text, 'source', 'auto_booking'));
INSERT INTO coordinator.outbox (id, type, version, payload, correlation_id)
VALUES (gen_random_uuid(), 'coordinator.wedding.created', 1, :wedding_payload::jsonb, :booking_id)
RETURNING id AS wedding_event_id \gset
END;

-- coordinator relay: the event marked sent
UPDATE coordinator.outbox SET sent_at = now() WHERE id = :wedding_event_id::uuid;
