import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isCoordinatorBusinessType } from '@wedding/contracts';
import { CreateVendorDto } from './dto/create-vendor.dto';
import { Vendor } from './vendor.entity';

export type VendorView = Vendor & { isCoordinator: boolean };

@Injectable()
export class VendorsService {
  constructor(@InjectRepository(Vendor) private readonly vendors: Repository<Vendor>) {}

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
