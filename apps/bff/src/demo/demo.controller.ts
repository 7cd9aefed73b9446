import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import type { Scenarios } from '@suite/contracts';
import { scenarios } from '@suite/service-kit';
import type { Response } from 'express';
import { config } from '../config';
import { DemoChaosService, type DemoChaosAction } from './demo-chaos.service';
import { JaegerTraceView, type JaegerUi } from './jaeger-trace-view';

/** apps/bff/web: beside src and dist, so the page needs no build step (the Docker image has it too). */
export const WEB_ROOT = resolve(__dirname, '..', '..', 'web');
/** Everything the page loads: no framework, no external resource (works offline). */
const ASSETS: Record<string, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'trace-view.js': 'text/javascript; charset=utf-8',
  'game-day.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};
// The page only ever talks to this BFF.
const CSP = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

export interface DemoConfig {
  jaegerUiUrl: string;
  /** `placeholder`: the page draws each trace itself instead of linking to a dead end. */
  jaegerUi: JaegerUi;
  users: { min: number; max: number };
  scenarios: Scenarios;
  chaos: { enabled: boolean; actions: DemoChaosAction[] };
}

/** The demo page at `/` and what it needs: its settings and the chaos buttons. */
@Controller()
export class DemoController {
  constructor(
    private readonly chaos: DemoChaosService,
    @Inject(JaegerTraceView) private readonly jaeger: JaegerTraceView,
  ) {}

  @Get()
  page(@Res() res: Response): void {
    this.send(res, 'index.html', 'text/html; charset=utf-8');
  }

  @Get('web/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const type = ASSETS[file];
    if (!type) throw new NotFoundException(`no such page asset ${file}: the page loads / only`);
    this.send(res, file, type);
  }

  @Get('api/config')
  async settings(): Promise<DemoConfig> {
    return {
      jaegerUiUrl: config.demo.jaegerUiUrl.replace(/\/+$/, ''),
      jaegerUi: await this.jaeger.uiKind(),
      // The seeded users (libs/fixtures).
      users: { min: 1, max: 300 },
      scenarios: scenarios(),
      chaos: {
        enabled: this.chaos.enabled,
        actions: this.chaos.enabled ? this.chaos.actions() : [],
      },
    };
  }

  @Get('api/chaos')
  active(): Promise<{ active: Record<string, unknown[]> }> {
    return this.chaos.active().then((active) => ({ active }));
  }

  @Post('api/chaos/:action')
  @HttpCode(200)
  apply(@Param('action') action: string): ReturnType<DemoChaosService['apply']> {
    return this.chaos.apply(action);
  }

  private send(res: Response, file: string, type: string): void {
    const path = join(WEB_ROOT, file);
    if (!existsSync(path)) {
      throw new NotFoundException(
        `the demo page's ${file} is missing from ${WEB_ROOT}: run the BFF from a full checkout (apps/bff/web)`,
      );
    }
    res.setHeader('content-type', type);
    res.setHeader('content-security-policy', CSP);
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(path);
  }
}
