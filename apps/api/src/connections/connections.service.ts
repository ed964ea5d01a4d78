import { randomUUID } from 'node:crypto';
import { ConflictException, Injectable, Logger, NotFoundException, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createVectorStore, type ConnectionConfig, type VectorStore } from '@ragscope/retrieval';
import { Repository } from 'typeorm';
import { SecretBox } from '../crypto/secret-box';
import { ConnectionEntity } from './connection.entity';
import type { ConnectionDto, ConnectionTestDto, CreateConnectionDto, UpdateConnectionDto } from './connections.dto';

interface Secrets {
  apiKey?: string;
  token?: string;
  password?: string;
}
const SECRET_FIELDS = ['apiKey', 'token', 'password'] as const;

/**
 * Connections to users' vector databases. Credentials are sealed with SecretBox before they
 * touch the database and are never returned or logged; one VectorStore client is kept per
 * connection and replaced when the connection changes.
 */
@Injectable()
export class ConnectionsService implements OnApplicationShutdown {
  private readonly logger = new Logger('Connections');
  private readonly stores = new Map<string, VectorStore>();

  constructor(
    @InjectRepository(ConnectionEntity) private readonly connections: Repository<ConnectionEntity>,
    private readonly secretBox: SecretBox,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.stores.values()].map((store) => store.close()));
    this.stores.clear();
  }

  async create(input: CreateConnectionDto): Promise<ConnectionDto> {
    await this.assertNameFree(input.name);
    const id = randomUUID();
    const entity = this.connections.create({
      id,
      name: input.name,
      kind: input.kind,
      url: input.url,
      database: input.database ?? null,
      tls: input.tls ?? null,
      username: input.username ?? null,
      secrets: this.seal(id, pickSecrets(input)),
    });
    // ping before storing: a connection that cannot be reached is reported, not saved
    const store = createVectorStore(this.configOf(entity));
    try {
      await store.ping();
    } catch (error) {
      await store.close().catch(() => undefined);
      throw error;
    }
    const saved = await this.connections.save(entity);
    this.stores.set(id, store);
    this.logger.log(`connection "${saved.name}" (${saved.kind} at ${saved.url}) created`);
    return this.toDto(saved);
  }

  async list(): Promise<ConnectionDto[]> {
    const rows = await this.connections.find({ order: { createdAt: 'ASC' } });
    return rows.map((row) => this.toDto(row));
  }

  async get(id: string): Promise<ConnectionDto> {
    return this.toDto(await this.load(id));
  }

  async findByName(name: string): Promise<ConnectionDto | undefined> {
    const row = await this.connections.findOne({ where: { name } });
    return row ? this.toDto(row) : undefined;
  }

  async update(id: string, input: UpdateConnectionDto): Promise<ConnectionDto> {
    const entity = await this.load(id);
    if (input.name !== undefined && input.name !== entity.name) await this.assertNameFree(input.name);
    const secrets = this.unseal(entity);
    for (const field of SECRET_FIELDS) {
      if (input[field] === null) delete secrets[field];
      else if (input[field] !== undefined) secrets[field] = input[field];
    }
    const next = this.connections.merge(this.connections.create({ ...entity }), {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.database !== undefined ? { database: input.database } : {}),
      ...(input.tls !== undefined ? { tls: input.tls } : {}),
      ...(input.username !== undefined ? { username: input.username } : {}),
      secrets: this.seal(id, secrets),
    });
    const reachChanged = ['url', 'database', 'tls', 'username', ...SECRET_FIELDS].some((f) => input[f as keyof UpdateConnectionDto] !== undefined);
    let store: VectorStore | undefined;
    if (reachChanged) {
      store = createVectorStore(this.configOf(next));
      try {
        await store.ping();
      } catch (error) {
        await store.close().catch(() => undefined);
        throw error;
      }
    }
    const saved = await this.connections.save(next);
    if (store) await this.replaceStore(id, store);
    return this.toDto(saved);
  }

  async remove(id: string): Promise<void> {
    const entity = await this.load(id);
    await this.connections.remove(entity);
    await this.replaceStore(id, undefined);
  }

  async test(id: string): Promise<ConnectionTestDto> {
    const store = await this.store(id);
    const started = performance.now();
    const { version } = await store.ping();
    return { ok: true, ...(version ? { version } : {}), latencyMs: Math.round(performance.now() - started) };
  }

  /** The VectorStore client of a connection, created on first use. */
  async store(id: string): Promise<VectorStore> {
    const cached = this.stores.get(id);
    if (cached) return cached;
    const store = createVectorStore(this.configOf(await this.load(id)));
    this.stores.set(id, store);
    return store;
  }

  private async replaceStore(id: string, store: VectorStore | undefined): Promise<void> {
    const previous = this.stores.get(id);
    if (store) this.stores.set(id, store);
    else this.stores.delete(id);
    await previous?.close().catch(() => undefined);
  }

  private configOf(entity: ConnectionEntity): ConnectionConfig {
    return {
      kind: entity.kind,
      url: entity.url,
      ...(entity.database ? { database: entity.database } : {}),
      ...(entity.tls !== null ? { tls: entity.tls } : {}),
      ...(entity.username ? { username: entity.username } : {}),
      ...this.unseal(entity),
    };
  }

  private seal(id: string, secrets: Secrets): string | null {
    return Object.keys(secrets).length ? this.secretBox.seal(JSON.stringify(secrets), `connection:${id}`) : null;
  }

  private unseal(entity: ConnectionEntity): Secrets {
    if (!entity.secrets) return {};
    try {
      return JSON.parse(this.secretBox.open(entity.secrets, `connection:${entity.id}`)) as Secrets;
    } catch {
      // a changed RAGSCOPE_SECRET_KEY: the stored credentials are unreadable, not the connection
      this.logger.warn(`the credentials of connection "${entity.name}" cannot be decrypted with the current secret key; set them again`);
      return {};
    }
  }

  private async load(id: string): Promise<ConnectionEntity> {
    const entity = await this.connections.findOne({ where: { id } });
    if (!entity) throw new NotFoundException(`connection ${id} does not exist`);
    return entity;
  }

  private async assertNameFree(name: string): Promise<void> {
    if (await this.connections.exists({ where: { name } })) throw new ConflictException(`a connection named "${name}" already exists`);
  }

  private toDto(entity: ConnectionEntity): ConnectionDto {
    const secrets = this.unseal(entity);
    return {
      id: entity.id,
      name: entity.name,
      kind: entity.kind,
      url: entity.url,
      database: entity.database,
      tls: entity.tls,
      username: entity.username,
      hasApiKey: Boolean(secrets.apiKey),
      hasToken: Boolean(secrets.token),
      hasPassword: Boolean(secrets.password),
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

function pickSecrets(input: Secrets): Secrets {
  const secrets: Secrets = {};
  for (const field of SECRET_FIELDS) if (input[field]) secrets[field] = input[field];
  return secrets;
}
