import type { Server } from 'node:http';
import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ROOT_LOGGER, installFrontDoor } from '@suite/service-kit';
import type { Logger } from 'pino';
import { config } from '../config';
import { LoadShedder } from './load-shedder';

export const MAX_IN_FLIGHT = Symbol('MAX_IN_FLIGHT');

/** The BFF's front-door limit on API requests in flight (MAX_IN_FLIGHT; 0 turns it off). */
@Module({ providers: [{ provide: MAX_IN_FLIGHT, useValue: config.loadShedding.maxInFlight }] })
export class LoadSheddingModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MAX_IN_FLIGHT) private readonly limit: number,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    if (this.limit <= 0) return;
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    installFrontDoor(server, new LoadShedder(this.limit, this.logger).admit);
  }
}
