import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { config } from '../config';
import { LoadSheddingGuard, MAX_IN_FLIGHT } from './load-shedding.guard';

/** The BFF's front-door limit on API requests in flight (MAX_IN_FLIGHT; 0 turns it off). */
@Module({
  providers: [
    { provide: MAX_IN_FLIGHT, useValue: config.loadShedding.maxInFlight },
    { provide: APP_GUARD, useClass: LoadSheddingGuard },
  ],
})
export class LoadSheddingModule {}
