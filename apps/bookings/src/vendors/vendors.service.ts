import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { isEmail } from 'class-validator';
import { isCoordinatorBusinessType, PHONE_PATTERN } from '@wedding/contracts';
import { CreateVendorDto } from './dto/create-vendor.dto';
import { Vendor } from './vendor.entity';

export type VendorView = Vendor & { isCoordinator: boolean };
/** What a booking copies from its vendor into BookingCreated (the contacts are the coordinator's, for its emails). */
export type BookedVendor = Pick<Vendor, 'businessName' | 'businessType' | 'email' | 'phone'>;

@Injectable()
export class VendorsService {
  /**
   * Vendor profiles are never changed or deleted through this service, so a booking may use a recent copy: it saves
   * the booking a database round trip. The TTL bounds how stale a profile changed in the database itself can be.
   * Unknown ids are not cached: a vendor created on another instance is found on the next booking.
   */
  private readonly booked = new LRUCache<string, BookedVendor>({ max: 10_000, ttl: 5 * 60_000 });

  constructor(@InjectRepository(Vendor) private readonly vendors: Repository<Vendor>) {}

  /** The vendor's business name, type and contacts for a booking, or null when there is no such vendor. */
  async findForBooking(id: string): Promise<BookedVendor | null> {
    const cached = this.booked.get(id);
    if (cached) return cached;
    // Plain SQL: TypeORM's query builder costs more CPU than the query itself.
    const [vendor]: BookedVendor[] = await this.vendors.query(
      `SELECT business_name AS "businessName", business_type AS "businessType", email, phone
         FROM vendor_profiles WHERE id = $1`,
      [id],
    );
    if (!vendor) return null;
    const booked = { ...vendor, email: usableEmail(vendor.email), phone: usablePhone(vendor.phone) };
    this.booked.set(id, booked);
    return booked;
  }

  async create(dto: CreateVendorDto): Promise<VendorView> {
    const vendor = await this.vendors.save(
      this.vendors.create({ ...dto, email: dto.email ?? null, phone: dto.phone ?? null }),
    );
    return present(vendor);
  }

  async get(id: string): Promise<VendorView> {
    const vendor = await this.vendors.findOneBy({ id });
    if (!vendor) throw new NotFoundException(`vendor ${id} not found`);
    return present(vendor);
  }
}

/**
 * A profile written to the table by other means may hold a contact the event's contract refuses; the booking must not
 * fail for it, so such a contact is left out of the event (the coordinator's settings can give an address).
 */
const usableEmail = (email: string | null) => (email && email.length <= 254 && isEmail(email) ? email : null);
const usablePhone = (phone: string | null) => (phone && phone.length <= 32 && PHONE_PATTERN.test(phone) ? phone : null);

const present = (vendor: Vendor): VendorView => ({
  ...vendor,
  isCoordinator: isCoordinatorBusinessType(vendor.businessType),
});
