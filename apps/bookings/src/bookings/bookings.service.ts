// A booking and its BookingCreated event are committed together; the relay publishes the event afterwards.
import { BadRequestException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BookingCreated, calendarDate, isCoordinatorBusinessType } from '@wedding/contracts';
import { OutboxRelay, outboxInsertSql, prepareEventFromValidatedInput } from '@wedding/messaging';
import { BookingsConfig } from '../config';
import { VendorsService } from '../vendors/vendors.service';
import { Booking } from './booking.entity';
import type { CoupleIdentity } from './couple-identity';
import { CreateBookingDto } from './dto/create-booking.dto';

type IntegrationColumns =
  | 'coordinatorIntegrationStatus'
  | 'coordinatorClientId'
  | 'coordinatorWeddingId'
  | 'coordinatorIntegrationCompletedAt'
  | 'coordinatorIntegrationReason';

export type BookingView = Omit<Booking, IntegrationColumns> & {
  coordinatorIntegration: {
    status: Booking['coordinatorIntegrationStatus'];
    clientId: string | null;
    weddingId: string | null;
    completedAt: Date | null;
    reason: Booking['coordinatorIntegrationReason'];
  };
};

@Injectable()
export class BookingsService {
  /** [property, column] of every bookings column, from the entity's mapping. */
  private readonly columns: [keyof Booking, string][];

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly vendors: VendorsService,
    private readonly config: BookingsConfig,
  ) {
    this.columns = dataSource
      .getMetadata(Booking)
      .columns.map((column) => [column.propertyName as keyof Booking, column.databaseName]);
  }

  /** `couple` comes from couple-identity.ts: the verified couple, or who the request claims it is. */
  async request(dto: CreateBookingDto, couple: CoupleIdentity, now = new Date()): Promise<BookingView> {
    // "Today" in the marketplace's time zone, the calendar the coordinator plans the milestones in.
    if (dto.eventDate < calendarDate(now, this.config.timeZone)) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['eventDate is in the past'] });
    }
    const vendor = await this.vendors.findForBooking(dto.vendorId);
    if (!vendor) throw new UnprocessableEntityException(`vendor ${dto.vendorId} does not exist`);

    const booking: Booking = {
      id: randomUUID(),
      vendorId: dto.vendorId,
      status: 'request',
      serviceId: dto.serviceId ?? null,
      serviceType: dto.serviceType ?? null,
      serviceName: dto.serviceName ?? null,
      coupleId: couple.coupleId,
      claimedCoupleId: couple.claimedCoupleId,
      coupleName: (dto.coupleName ?? dto.contactPerson)!,
      contactPerson: dto.contactPerson ?? null,
      contactEmail: dto.contactEmail ?? null,
      contactPhone: dto.contactPhone ?? null,
      preferredContactMethod: dto.preferredContactMethod ?? null,
      eventDate: dto.eventDate,
      eventTime: dto.eventTime ?? null,
      eventEndTime: dto.eventEndTime ?? null,
      eventLocation: dto.eventLocation ?? null,
      venueDetails: dto.venueDetails ?? null,
      guestCount: dto.guestCount ?? null,
      budgetRange: dto.budgetRange ?? null,
      totalAmount: dto.totalAmount ?? null,
      specialRequests: dto.specialRequests ?? null,
      metadata: dto.metadata ?? null,
      coordinatorIntegrationStatus: isCoordinatorBusinessType(vendor.businessType) ? 'pending' : 'not_applicable',
      coordinatorClientId: null,
      coordinatorWeddingId: null,
      coordinatorIntegrationCompletedAt: null,
      coordinatorIntegrationReason: null,
      createdAt: new Date(),
    };
    const bookingId = booking.id;
    // Claimed by this process as it is written: it publishes the event itself the moment the booking has committed.
    // Made of the request the ValidationPipe validated with BookingCreated's own field rules, and the vendor's stored
    // fields: not validated a second time.
    const announcement = this.relay.claimForCommit(prepareEventFromValidatedInput(
      BookingCreated,
      {
        bookingId,
        vendorId: booking.vendorId,
        coupleId: booking.coupleId,
        coupleName: booking.coupleName,
        eventDate: booking.eventDate,
        serviceId: booking.serviceId,
        serviceType: booking.serviceType,
        serviceName: booking.serviceName,
        contactPerson: booking.contactPerson,
        contactEmail: booking.contactEmail,
        contactPhone: booking.contactPhone,
        preferredContactMethod: booking.preferredContactMethod,
        eventTime: booking.eventTime,
        eventEndTime: booking.eventEndTime,
        eventLocation: booking.eventLocation,
        venueDetails: booking.venueDetails,
        guestCount: booking.guestCount,
        budgetRange: booking.budgetRange,
        totalAmount: booking.totalAmount,
        specialRequests: booking.specialRequests,
        metadata: booking.metadata,
        vendorBusinessName: vendor.businessName,
        vendorBusinessType: vendor.businessType,
        vendorEmail: vendor.email,
        vendorPhone: vendor.phone,
      },
      { correlationId: bookingId },
    ));

    // The booking and its BookingCreated in one statement, hence one transaction: both rows or neither.
    const columns = this.columns;
    await this.dataSource.query(
      `WITH booking AS (
         INSERT INTO bookings (${columns.map(([, column]) => column).join(', ')})
         VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
         RETURNING id
       )
       ${outboxInsertSql(columns.length + 1, 'booking')}`,
      [...columns.map(([property]) => booking[property]), ...announcement.row],
    );
    this.relay.publishCommitted([announcement]);
    return present(booking);
  }

  /**
   * `coupleId` is the verified reader's; a couple's booking is not found by anyone else. A claimed couple id plays no
   * part: such a booking is read like any booking made without a token.
   */
  async get(id: string, coupleId: string | null): Promise<BookingView> {
    const booking = await this.dataSource.getRepository(Booking).findOneBy({ id });
    if (!booking || (booking.coupleId !== null && booking.coupleId !== coupleId)) {
      throw new NotFoundException(`booking ${id} not found`);
    }
    return present(booking);
  }
}

function present(booking: Booking): BookingView {
  const {
    coordinatorIntegrationStatus: status,
    coordinatorClientId: clientId,
    coordinatorWeddingId: weddingId,
    coordinatorIntegrationCompletedAt: completedAt,
    coordinatorIntegrationReason: reason,
    ...rest
  } = booking;
  return { ...rest, coordinatorIntegration: { status, clientId, weddingId, completedAt, reason } };
}
