// A coordinator's booking becomes a client, a wedding with its planned milestones, activity entries and an outgoing
// event, all in one transaction: either everything is there or nothing is.
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  BookingCreated,
  calendarDate,
  CoordinatorIntegrationFailed,
  CoordinatorWeddingCreated,
  IntegrationFailureReason,
  isCoordinatorBusinessType,
  toStorableText,
} from '@wedding/contracts';
import { addToOutbox, derivedEventId, OutboxRelay, PreparedEvent, prepareEvent, recordInboxMessage } from '@wedding/messaging';
import { logActivity } from '../activity/activity-log';
import { findOrCreateClient } from '../clients/find-or-create-client';
import { CoordinatorConfig } from '../config';
import { weddingBudget } from '../domain/budget';
import { fitPlan } from '../planning/fit-plan';
import { planSource } from '../planning/replan-wedding';
import { inferWeddingType } from '../planning/wedding-types';
import { createWedding } from '../weddings/create-wedding';

export type IntegrationResult =
  | { outcome: 'created'; clientId: string; client: 'created' | 'matched'; weddingId: string }
  | { outcome: 'duplicate' | 'not_coordinator' };

/** Thrown inside the transaction to roll it back when another message already made this booking's wedding. */
class WeddingAlreadyExists extends Error {}

const SOURCE = 'auto_booking';

@Injectable()
export class AutoIntegrationService {
  private readonly logger = new Logger(AutoIntegrationService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly config: CoordinatorConfig,
  ) {}

  async integrate(booking: BookingCreated): Promise<IntegrationResult> {
    if (!isCoordinatorBusinessType(booking.vendorBusinessType)) return { outcome: 'not_coordinator' };
    let result: IntegrationResult;
    let announcement: PreparedEvent<CoordinatorWeddingCreated> | undefined;
    try {
      ({ result, announcement } = await this.dataSource.transaction((em) => this.integrateIn(em, booking)));
    } catch (error) {
      if (!(error instanceof WeddingAlreadyExists)) throw error;
      result = { outcome: 'duplicate' };
    }
    // Committed: publish it now, from memory (its row was written claimed by this process).
    if (announcement) this.relay.publishCommitted([announcement]);
    this.logger.log({ msg: 'booking integrated', bookingId: booking.bookingId, eventId: booking.eventId, ...result });
    return result;
  }

  /**
   * After the last retry: the coordinator sees the failure's text in the activity log; the booking shows `failed` with
   * the reason's category only (the text may quote SQL or a trigger).
   */
  async recordFailure(
    booking: BookingCreated,
    error: string,
    reasonCode: IntegrationFailureReason,
    attempts: number,
  ): Promise<void> {
    // Derived from the booking's event: reporting the same give-up twice (a redelivery) writes nothing the second time.
    const failureId = derivedEventId(`gave-up:${booking.eventId}`);
    // An error message may quote anything; the event's contract would refuse NUL or half a surrogate pair.
    const reason = toStorableText(error, 1000);
    await this.dataSource.transaction(async (em) => {
      if (!(await recordInboxMessage(em, failureId, CoordinatorIntegrationFailed.type))) return;
      await logActivity(em, [
        {
          coordinatorId: booking.vendorId,
          weddingId: null,
          type: 'integration_failed',
          description: `Booking by ${booking.coupleName} for ${booking.eventDate} could not be set up automatically`,
          metadata: { bookingId: booking.bookingId, reason, reasonCode, attempts, source: SOURCE },
        },
      ]);
      await addToOutbox(
        em,
        CoordinatorIntegrationFailed,
        {
          bookingId: booking.bookingId,
          coordinatorId: booking.vendorId,
          reason,
          reasonCode,
          attempts,
          // For the coordinator's email about it: whom to follow up with, by hand.
          coordinatorBusinessName: booking.vendorBusinessName,
          coordinatorEmail: booking.vendorEmail ?? null,
          coordinatorPhone: booking.vendorPhone ?? null,
          coupleName: booking.coupleName,
          eventDate: booking.eventDate,
          contactEmail: booking.contactEmail ?? null,
          contactPhone: booking.contactPhone ?? null,
        },
        { correlationId: booking.bookingId, eventId: failureId },
      );
    });
    this.relay.wake();
  }

  private async integrateIn(
    em: EntityManager,
    booking: BookingCreated,
  ): Promise<{ result: IntegrationResult; announcement?: PreparedEvent<CoordinatorWeddingCreated> }> {
    let announcement: PreparedEvent<CoordinatorWeddingCreated> | undefined;
    // 1. Record the message: a redelivery or a duplicate publish stops here.
    if (!(await recordInboxMessage(em, booking.eventId, BookingCreated.type))) return { result: { outcome: 'duplicate' } };

    // 2. Find or create the client, by normalized email or phone.
    const coordinatorId = booking.vendorId;
    const client = await findOrCreateClient(em, {
      coordinatorId,
      coupleName: booking.coupleName,
      email: booking.contactEmail ?? null,
      phone: booking.contactPhone ?? null,
      budgetRange: booking.budgetRange ?? null,
      notes: booking.specialRequests ?? null,
    });

    // 3. The plan: the wedding's type read from the booking, and the coordinator's template fitted to the days between
    // the booking and the wedding (never due before the booking date; what cannot fit is flagged).
    const plannedOn = calendarDate(new Date(booking.occurredAt), this.config.timeZone);
    const weddingType = inferWeddingType(booking);
    const source = await planSource(em, coordinatorId, null);
    const plan = fitPlan({
      items: source.items,
      weddingType: weddingType.value,
      weddingDate: booking.eventDate,
      bookedOn: plannedOn,
      today: plannedOn,
    });

    // 4–7. The wedding (booking_id is unique: the second guard against duplicates), linked to the client, with its
    // planned milestones, and the activity entries the coordinator's dashboard shows.
    const metadata = { bookingId: booking.bookingId, clientId: client.id, source: SOURCE };
    const budget = weddingBudget(booking.totalAmount, booking.budgetRange);
    const wedding = await createWedding(
      em,
      {
        coordinatorId,
        clientId: client.id,
        bookingId: booking.bookingId,
        coupleName: booking.coupleName,
        coupleEmail: booking.contactEmail ?? null,
        couplePhone: booking.contactPhone ?? null,
        weddingDate: booking.eventDate,
        venue: booking.eventLocation ?? null,
        budget,
        guestCount: booking.guestCount ?? null,
        notes: null,
        plannedOn,
        weddingType: { ...weddingType, source: 'inferred' },
        planTemplateId: source.templateId,
        plan,
      },
      [
        client.created
          ? { type: 'client_created', description: `New client ${booking.coupleName} auto-created from a booking`, metadata }
          : { type: 'client_matched', description: `Booking matched existing client ${booking.coupleName}`, metadata },
        {
          type: 'wedding_created',
          description: `New wedding on ${booking.eventDate} auto-created for ${booking.coupleName}`,
          metadata,
        },
      ],
      // 7. The outgoing event, in the same statement; this process publishes it after the commit.
      ({ id: weddingId, milestones }) =>
        (announcement = this.relay.claimForCommit(prepareEvent(
          CoordinatorWeddingCreated,
          {
            coordinatorId,
            bookingId: booking.bookingId,
            clientId: client.id,
            client: client.created ? 'created' : 'matched',
            weddingId,
            weddingDate: booking.eventDate,
            coupleName: booking.coupleName,
            contactEmail: booking.contactEmail ?? null,
            contactPhone: booking.contactPhone ?? null,
            // What the notifications about the wedding tell the coordinator, and where they reach it.
            coordinatorBusinessName: booking.vendorBusinessName,
            coordinatorEmail: booking.vendorEmail ?? null,
            coordinatorPhone: booking.vendorPhone ?? null,
            venue: booking.eventLocation ?? null,
            guestCount: booking.guestCount ?? null,
            budget,
            budgetRange: booking.budgetRange ?? null,
            milestones: milestones.map(({ id, title, dueDate, compressed, flag }) => ({ id, title, dueDate, compressed, flag })),
          },
          { correlationId: booking.bookingId },
        ))),
    );
    if (!wedding) throw new WeddingAlreadyExists();

    return {
      result: { outcome: 'created', clientId: client.id, client: client.created ? 'created' : 'matched', weddingId: wedding.id },
      announcement,
    };
  }
}
