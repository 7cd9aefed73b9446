import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';

export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** A named check that throws (or returns false) when the service cannot serve requests. */
export interface ReadinessCheck {
  name: string;
  check: () => boolean | Promise<boolean>;
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'ok', service: this.service };
  }

  @Get('ready')
  async ready() {
    const results: Record<string, 'ok' | 'failing'> = {};
    for (const { name, check } of this.checks) {
      results[name] = await Promise.resolve()
        .then(check)
        .then((ok) => (ok ? 'ok' : 'failing'))
        .catch(() => 'failing' as const);
    }
    if (Object.values(results).includes('failing')) {
      throw new ServiceUnavailableException({
        message: `${this.service} is not ready: ${JSON.stringify(results)}`,
      });
    }
    return { status: 'ready', service: this.service, checks: results };
  }
}
