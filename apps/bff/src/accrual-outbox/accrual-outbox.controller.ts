import { Controller, Get } from '@nestjs/common';
import type { OutboxListing } from '@suite/contracts';
import { AccrualOutbox } from './accrual-outbox';

@Controller('api/outbox')
export class AccrualOutboxController {
  constructor(private readonly outbox: AccrualOutbox) {}

  /** What waits for redelivery (pending) or was refused for good (dead): watch it during a chaos run. */
  @Get()
  list(): OutboxListing {
    return this.outbox.list();
  }
}
