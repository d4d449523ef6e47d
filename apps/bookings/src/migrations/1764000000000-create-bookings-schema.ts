import { MigrationInterface, QueryRunner } from 'typeorm';
import { messageTables } from '@wedding/messaging';

export class CreateBookingsSchema1764000000000 implements MigrationInterface {
  name = 'CreateBookingsSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vendor_profiles (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_name text NOT NULL,
        business_type text NOT NULL,
        email         text,
        phone         text,
        created_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE bookings (
        id                       uuid PRIMARY KEY,
        vendor_id                uuid NOT NULL REFERENCES vendor_profiles (id),
        status                   text NOT NULL DEFAULT 'request',
        service_id               text,
        service_type             text,
        service_name             text,
        couple_id                text,
        couple_name              text NOT NULL,
        contact_person           text,
        contact_email            text,
        contact_phone            text,
        preferred_contact_method text,
        event_date               date NOT NULL,
        event_time               text,
        event_end_time           text,
        event_location           text,
        venue_details            text,
        guest_count              integer CHECK (guest_count > 0),
        budget_range             text,
        total_amount             numeric(14, 2) CHECK (total_amount >= 0),
        special_requests         text,
        metadata                 jsonb,
        coordinator_integration_status text NOT NULL
          CHECK (coordinator_integration_status IN ('pending', 'completed', 'failed', 'not_applicable')),
        created_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX bookings_vendor_id_idx ON bookings (vendor_id)`);
    await messageTables.createOutbox(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE bookings`);
    await q.query(`DROP TABLE vendor_profiles`);
  }
}
