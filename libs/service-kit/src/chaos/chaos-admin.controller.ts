import { timingSafeEqual } from 'node:crypto';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { describeIssues, parseFaultBody } from './chaos-fault';
import { ChaosRegistry, type ActiveFault } from './chaos-registry';

export const CHAOS_ADMIN_TOKEN = Symbol('CHAOS_ADMIN_TOKEN');

/** The token that enables the admin API, or undefined (off). Too short a token stops the start. */
export function chaosAdminToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const token = env['CHAOS_ADMIN_TOKEN'];
  if (!token) return undefined;
  if (token.length < 16) {
    throw new Error(
      'CHAOS_ADMIN_TOKEN must be at least 16 characters (it guards fault injection); e.g. CHAOS_ADMIN_TOKEN=$(openssl rand -hex 16), or unset it to keep the chaos admin API off',
    );
  }
  return token;
}

/**
 * POST/GET/DELETE /admin/chaos/faults: injects and clears faults at run time. Off (404) unless the
 * service started with CHAOS_ADMIN_TOKEN; then every call needs `authorization: Bearer <token>`.
 */
@Controller('admin/chaos/faults')
export class ChaosAdminController {
  constructor(
    @Inject(ChaosRegistry) private readonly registry: ChaosRegistry,
    @Inject(CHAOS_ADMIN_TOKEN) private readonly token: string,
  ) {}

  @Get()
  list(@Headers('authorization') authorization?: string): { faults: ActiveFault[] } {
    this.authorize(authorization);
    return { faults: this.registry.list() };
  }

  @Post()
  @HttpCode(201)
  add(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): { faults: ActiveFault[] } {
    this.authorize(authorization);
    const parsed = parseFaultBody(body);
    if (!parsed.success) {
      throw new BadRequestException(
        `Invalid fault: ${describeIssues(parsed.error)}. Send e.g. {"kind":"error","status":503,"rate":0.5,"route":"GET /users/:userId/orders"}`,
      );
    }
    return { faults: parsed.data.map((f) => this.registry.add(f)) };
  }

  @Delete()
  clear(@Headers('authorization') authorization?: string): { cleared: number } {
    this.authorize(authorization);
    return { cleared: this.registry.clear() };
  }

  @Delete(':id')
  remove(
    @Param('id') id: string,
    @Headers('authorization') authorization?: string,
  ): { cleared: number } {
    this.authorize(authorization);
    if (!this.registry.remove(id)) {
      throw new NotFoundException(`no active fault ${id}: GET /admin/chaos/faults lists them`);
    }
    return { cleared: 1 };
  }

  private authorize(authorization: string | undefined): void {
    if (!this.token) {
      throw new NotFoundException(
        'The chaos admin API is off: start the service with CHAOS_ADMIN_TOKEN=<secret of 16+ characters> to enable it',
      );
    }
    const presented = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!presented) {
      throw new UnauthorizedException(
        'The chaos admin API needs the header authorization: Bearer <CHAOS_ADMIN_TOKEN>',
      );
    }
    const expected = Buffer.from(this.token);
    const given = Buffer.from(presented);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new ForbiddenException(
        'Wrong chaos admin token: use the CHAOS_ADMIN_TOKEN the service started with',
      );
    }
  }
}
