import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Event ids are trace id + span id: 48 lowercase hex digits. */
@Injectable()
export class EventIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[0-9a-f]{48}$/.test(value)) throw new BadRequestException('an event id is 48 lowercase hex digits (trace id + span id)');
    return value;
  }
}
