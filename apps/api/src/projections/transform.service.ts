import { BadRequestException, Injectable } from '@nestjs/common';
import { EmbedderService } from '../embedder/embedder.service';
import type { TransformDto } from './projections.dto';
import { ProjectionsService } from './projections.service';

/** Places queries on a map: vectors as given, or texts embedded through the configured embedder. */
@Injectable()
export class TransformService {
  constructor(
    private readonly projections: ProjectionsService,
    private readonly embedder: EmbedderService,
  ) {}

  async transform(id: string, body: TransformDto): Promise<{ points: Array<{ x: number; y: number; z?: number }>; embedded: boolean }> {
    if ((body.vectors === undefined) === (body.texts === undefined)) {
      throw new BadRequestException('send either "vectors" (base64 float32) or "texts", not both and not neither');
    }
    const vectors = body.vectors !== undefined ? decodeFloat32(body.vectors) : (await this.embedder.embed(body.texts!)).vectors;
    const projection = await this.projections.get(id);
    const coordinates = await this.projections.transform(id, vectors);
    const dims = projection.nComponents;
    const points = Array.from({ length: coordinates.length / dims }, (_, i) => ({
      x: coordinates[i * dims],
      y: coordinates[i * dims + 1],
      ...(dims === 3 ? { z: coordinates[i * dims + 2] } : {}),
    }));
    return { points, embedded: body.texts !== undefined };
  }

}

export function decodeFloat32(base64: string): Float32Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new BadRequestException('vectors must be base64 (standard alphabet)');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length === 0 || bytes.length % 4 !== 0) throw new BadRequestException(`vectors must be whole float32 values; got ${bytes.length} bytes`);
  const copy = new Uint8Array(bytes);
  return new Float32Array(copy.buffer, 0, copy.length / 4);
}
