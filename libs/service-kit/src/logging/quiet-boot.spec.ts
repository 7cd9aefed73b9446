import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LoggerService } from '@nestjs/common';
import { quietBoot } from './quiet-boot';

describe('quietBoot', () => {
  it("moves Nest's start-up lines to debug and leaves every other line alone", () => {
    const seen: string[] = [];
    const record =
      (level: string) =>
      (message: unknown, ...rest: unknown[]) =>
        seen.push(`${level} ${String(message)} ${String(rest.at(-1))}`);
    const target: LoggerService = {
      log: record('info'),
      error: record('error'),
      warn: record('warn'),
      debug: record('debug'),
    };
    const logger = quietBoot(target);
    logger.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    logger.log('UsersModule dependencies initialized', 'InstanceLoader');
    logger.log('half-open: one probe call to loyalty-service is let through', 'Breaker');
    logger.warn('slow', 'Recommendations');
    assert.deepEqual(seen, [
      'debug Mapped {/health/live, GET} route RouterExplorer',
      'debug UsersModule dependencies initialized InstanceLoader',
      'info half-open: one probe call to loyalty-service is let through Breaker',
      'warn slow Recommendations',
    ]);
  });
});
