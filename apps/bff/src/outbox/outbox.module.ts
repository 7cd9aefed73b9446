import { Module } from '@nestjs/common';
import { ClientsModule } from '@suite/clients';
import { OutboxController } from './outbox.controller';
import { OutboxStore } from './outbox.service';
import { OutboxWorker } from './outbox-delivery.service';

@Module({
  imports: [ClientsModule.register(['loyalty'])],
  controllers: [OutboxController],
  providers: [OutboxStore, OutboxWorker],
  exports: [OutboxStore],
})
export class OutboxModule {}
