import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { Repository } from 'typeorm';
import { isCoordinatorBusinessType } from '@wedding/contracts';
import { CreateVendorDto } from './dto/create-vendor.dto';
import { Vendor } from './vendor.entity';

export type VendorView = Vendor & { isCoordinator: boolean };
/** What a booking copies from its vendor into BookingCreated. */
export type BookedVendor = Pick<Vendor, 'businessName' | 'businessType'>;

@Injectable()
export class VendorsService {
  /**
   * Vendor profiles are never changed or deleted through this service, so a booking may use a recent copy: it saves
   * the booking a database round trip. The TTL bounds how stale a profile changed in the database itself can be.
   * Unknown ids are not cached: a vendor created on another instance is found on the next booking.
   */
  private readonly booked = new LRUCache<string, BookedVendor>({ max: 10_000, ttl: 5 * 60_000 });

  constructor(@InjectRepository(Vendor) private readonly vendors: Repository<Vendor>) {}

  /** The vendor's business name and type for a booking, or null when there is no such vendor. */
  async findForBooking(id: string): Promise<BookedVendor | null> {
    const cached = this.booked.get(id);
    if (cached) return cached;
    // Plain SQL: TypeORM's query builder costs more CPU than the query itself.
    const [vendor]: BookedVendor[] = await this.vendors.query(
      `SELECT business_name AS "businessName", business_type AS "businessType" FROM vendor_profiles WHERE id = $1`,
      [id],
    );
    if (vendor) this.booked.set(id, vendor);
    return vendor ?? null;
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

const present = (vendor: Vendor): VendorView => ({
  ...vendor,
  isCoordinator: isCoordinatorBusinessType(vendor.businessType),
});
