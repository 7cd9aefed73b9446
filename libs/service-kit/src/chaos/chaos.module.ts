import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CHAOS_ADMIN_TOKEN, ChaosAdminController, chaosAdminToken } from './chaos-admin.controller';
import { parseChaosFaults } from './chaos-fault';
import { ChaosInterceptor } from './chaos.interceptor';
import { ChaosRegistry } from './chaos-registry';

/**
 * Fault injection for every service: CHAOS_FAULTS at start, the admin API (with CHAOS_ADMIN_TOKEN)
 * at run time. With neither set it costs one empty-map check per request.
 */
@Module({})
export class ChaosModule {
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const faults = parseChaosFaults(env['CHAOS_FAULTS']);
    const token = chaosAdminToken(env);
    const logger = new Logger('Chaos');
    if (faults.length) logger.warn(`injecting ${faults.length} fault(s) from CHAOS_FAULTS`);
    if (token) logger.warn('chaos admin API enabled at /admin/chaos/faults (CHAOS_ADMIN_TOKEN)');
    return {
      module: ChaosModule,
      controllers: [ChaosAdminController],
      providers: [
        { provide: ChaosRegistry, useValue: new ChaosRegistry(faults) },
        { provide: CHAOS_ADMIN_TOKEN, useValue: token ?? '' },
        { provide: APP_INTERCEPTOR, useClass: ChaosInterceptor },
      ],
      exports: [ChaosRegistry],
    };
  }
}
