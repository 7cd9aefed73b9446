import { Controller, Get } from '@nestjs/common';
import type { OutboxListing } from '@suite/contracts';
import { OutboxStore } from './outbox.service';

@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxStore) {}

  /** What waits for redelivery (pending) or was refused for good (dead): watch it during a chaos run. */
  @Get()
  list(): OutboxListing {
    return this.outbox.list();
  }
}
