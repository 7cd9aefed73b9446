import {
  BadGatewayException,
  BadRequestException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { policySettings, type Downstream } from '@suite/clients';
import { config } from '../config';

/** A fault as the services' admin API takes it (libs/service-kit/src/chaos/chaos-fault.ts). */
interface Fault {
  id: string;
  kind: 'latency' | 'error';
  latency?: string;
  status?: number;
  rate?: number;
  route?: string;
}

export interface DemoChaosAction {
  id: string;
  label: string;
  description: string;
  /** What the fault should do to the traces in Jaeger (the game-day panel shows it). */
  traces: string;
}

/**
 * The page's chaos buttons: the single faults of the shipped experiments (infra/chaos/*.json) plus
 * the failing dependency of the retry-storm scenario. A fixed list: the browser names an action, never
 * a fault, so the BFF's endpoint cannot be turned into a general fault injector.
 */
const ACTIONS: (DemoChaosAction & { downstream: Downstream; fault: Fault })[] = [
  {
    id: 'slow-recommendations',
    label: 'Slow recommendations (3 s)',
    description:
      'recommendation-service answers after 3 s: the BFF cuts it at its 1.5 s budget (infra/chaos/slow-recommendations.json)',
    traces:
      'the recommendations client span ends at the budget with a timeout; the branch falls back, the trace stays 200',
    downstream: 'recommendations',
    fault: {
      id: 'demo-slow-recommendations',
      kind: 'latency',
      latency: 'fixed:3000',
      route: 'GET /users/:userId/recommendations',
    },
  },
  {
    id: 'flaky-orders',
    label: 'Flaky orders (20 % 503)',
    description:
      'order-service fails one order-history read in five: retries hide it (infra/chaos/flaky-orders.json)',
    traces:
      'some orders client spans carry a retry event after a 503 from order-service; the dashboard stays 200',
    downstream: 'orders',
    fault: {
      id: 'demo-flaky-orders',
      kind: 'error',
      status: 503,
      rate: 0.2,
      route: 'GET /users/:userId/orders',
    },
  },
  {
    id: 'orders-down',
    label: 'Orders fail (100 % 503)',
    description:
      'every order-history read fails: each call is retried until the breaker opens (the retry-storm scenario)',
    traces:
      'orders spans fail and retry until the breaker opens; then circuit-open with no call to order-service',
    downstream: 'orders',
    fault: {
      id: 'demo-orders-down',
      kind: 'error',
      status: 503,
      rate: 1,
      route: 'GET /users/:userId/orders',
    },
  },
  {
    id: 'loyalty-down',
    label: 'Loyalty errors 100 %',
    description:
      'loyalty-service answers 503 to everything, like a crash: loyalty degrades to "unavailable" (infra/chaos/kill-loyalty.json)',
    traces:
      'loyalty spans end in error, then circuit-open; meta.degraded names loyalty and the trace stays 200',
    downstream: 'loyalty',
    fault: { id: 'demo-loyalty-down', kind: 'error', status: 503, rate: 1 },
  },
];

const SERVICES: Downstream[] = ['user', 'orders', 'loyalty', 'recommendations'];

@Injectable()
export class DemoChaosService {
  private readonly token: string | undefined =
    config.demo.chaos === 'off' ? undefined : process.env['CHAOS_ADMIN_TOKEN'] || undefined;

  get enabled(): boolean {
    return this.token !== undefined;
  }

  actions(): DemoChaosAction[] {
    return ACTIONS.map(({ id, label, description, traces }) => ({
      id,
      label,
      description,
      traces,
    }));
  }

  /** Applies one action (or `clear`) and answers the faults then active on every service. */
  async apply(actionId: string): Promise<{ action: string; active: Record<string, unknown[]> }> {
    this.requireEnabled();
    if (actionId === 'clear') {
      await Promise.all(SERVICES.map((d) => this.admin(d, 'DELETE')));
    } else {
      const action = ACTIONS.find((a) => a.id === actionId);
      if (!action) {
        throw new BadRequestException(
          `unknown chaos action "${actionId}": use clear or one of ${ACTIONS.map((a) => a.id).join(', ')}`,
        );
      }
      // Replace, not stack: the same button twice keeps one fault.
      await this.admin(action.downstream, 'DELETE', action.fault.id).catch(() => undefined);
      await this.admin(action.downstream, 'POST', undefined, action.fault);
    }
    return { action: actionId, active: await this.active() };
  }

  /** The faults active on each service, by service name. */
  async active(): Promise<Record<string, unknown[]>> {
    this.requireEnabled();
    const lists = await Promise.all(
      SERVICES.map(async (d) => {
        const body = (await this.admin(d, 'GET')) as { faults?: unknown[] };
        return [policySettings(d).service, body.faults ?? []] as const;
      }),
    );
    return Object.fromEntries(lists);
  }

  private requireEnabled(): void {
    if (!this.enabled) {
      throw new NotFoundException(
        'The demo chaos buttons are off: start the suite with npm start (it sets CHAOS_ADMIN_TOKEN), or set CHAOS_ADMIN_TOKEN on the BFF and every service, and leave DEMO_CHAOS unset',
      );
    }
  }

  private async admin(
    downstream: Downstream,
    method: 'GET' | 'POST' | 'DELETE',
    faultId?: string,
    body?: Fault,
  ): Promise<unknown> {
    const { url, service } = policySettings(downstream);
    const target = new URL(`/admin/chaos/faults${faultId ? `/${faultId}` : ''}`, url);
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(3000),
      });
    } catch (error) {
      throw new BadGatewayException(
        `${service}'s chaos admin API at ${url} did not answer (${(error as Error).message}); is ${service} running?`,
      );
    }
    const text = await response.text();
    if (!response.ok) {
      throw new BadGatewayException(
        `${service}'s chaos admin API answered ${response.status}: ${text.slice(0, 300)}; do the BFF and ${service} share the same CHAOS_ADMIN_TOKEN?`,
      );
    }
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
