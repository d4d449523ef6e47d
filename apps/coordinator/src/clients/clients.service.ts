// The coordinator's clients: listing, details with weddings, entry by hand (same dedupe rules as the automation).
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { normalizePhone } from '@wedding/contracts';
import { logActivity } from '../activity/activity-log';
import { normalizeEmail } from '../domain/contact';
import { CoordinatorWedding } from '../weddings/wedding.entity';
import { fetchPage, Page } from '../common/page.query';
import { CoordinatorClient } from './client.entity';
import { CreateClientDto } from './dto/create-client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { UpdateClientDto } from './dto/update-client.dto';
import { findOrCreateClient } from './find-or-create-client';

const UNIQUE_VIOLATION = '23505';
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class ClientsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(coordinatorId: string, query: ListClientsQuery): Promise<Page<CoordinatorClient>> {
    const builder = this.dataSource
      .getRepository(CoordinatorClient)
      .createQueryBuilder('c')
      .where('c.coordinator_id = :coordinatorId', { coordinatorId })
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id');
    if (query.status) builder.andWhere('c.status = :status', { status: query.status });
    if (query.search) {
      const digits = query.search.replace(/\D/g, '');
      builder.andWhere(
        `(c.couple_name ILIKE :text OR c.email ILIKE :text${digits.length >= 3 ? ' OR c.phone_normalized LIKE :digits' : ''})`,
        { text: `%${escapeLike(query.search)}%`, digits: `%${digits}%` },
      );
    }
    return fetchPage(builder, query);
  }

  async get(coordinatorId: string, id: string) {
    const client = await this.findOwn(this.dataSource.manager, coordinatorId, id);
    const weddings = await this.dataSource
      .getRepository(CoordinatorWedding)
      .find({ where: { coordinatorId, clientId: id }, order: { weddingDate: 'ASC' } });
    return { ...client, weddings };
  }

  async create(coordinatorId: string, dto: CreateClientDto): Promise<CoordinatorClient> {
    return this.dataSource.transaction(async (em) => {
      const match = await findOrCreateClient(em, {
        coordinatorId,
        coupleName: dto.coupleName,
        email: dto.email ?? null,
        phone: dto.phone ?? null,
        budgetRange: dto.budgetRange ?? null,
        notes: dto.notes ?? null,
        status: dto.status,
      });
      if (!match.created) {
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: 'a client with this email or phone already exists',
          existingClientId: match.id,
        });
      }
      await logActivity(em, [
        {
          coordinatorId,
          weddingId: null,
          type: 'client_created',
          description: `Client ${dto.coupleName} added`,
          metadata: { clientId: match.id, source: 'manual' },
        },
      ]);
      return this.findOwn(em, coordinatorId, match.id);
    });
  }

  async update(coordinatorId: string, id: string, dto: UpdateClientDto): Promise<CoordinatorClient> {
    return this.dataSource.transaction(async (em) => {
      const client = await this.findOwn(em, coordinatorId, id, true);
      const changes: Partial<CoordinatorClient> = {};
      if (dto.status !== undefined) changes.status = dto.status;
      if (dto.notes !== undefined) changes.notes = dto.notes;
      if (dto.email !== undefined) Object.assign(changes, { email: dto.email.trim(), emailNormalized: normalizeEmail(dto.email) });
      if (dto.phone !== undefined) Object.assign(changes, { phone: dto.phone.trim(), phoneNormalized: normalizePhone(dto.phone) });
      if (Object.keys(changes).length === 0) return client;
      try {
        await em.update(CoordinatorClient, { id, coordinatorId }, changes);
      } catch (error) {
        if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
          throw new ConflictException('another client already has this email or phone');
        }
        throw error;
      }
      await logActivity(em, [
        {
          coordinatorId,
          weddingId: client.weddingId,
          type: 'client_updated',
          description: `Client ${client.coupleName} updated (${Object.keys(dto).join(', ')})`,
          metadata: { clientId: id, fields: Object.keys(dto), source: 'manual' },
        },
      ]);
      return this.findOwn(em, coordinatorId, id);
    });
  }

  /** Another coordinator's client is as unknown as a missing one: 404 either way. */
  private async findOwn(em: EntityManager, coordinatorId: string, id: string, lock = false) {
    const client = await em.findOne(CoordinatorClient, {
      where: { id, coordinatorId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!client) throw new NotFoundException(`client ${id} not found`);
    return client;
  }
}
