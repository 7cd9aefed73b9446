import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import {
  DownstreamError,
  LoyaltyLedger,
  OrderStore,
  Recommender,
  UserDirectory,
} from '@suite/clients';
import type {
  BranchName,
  BranchReport,
  Dashboard,
  DashboardQuery,
  LoyaltyAccount,
  OrderList,
  RecommendationList,
  User,
} from '@suite/contracts';
import { config } from '../config';
import { fanOut, type Settled } from './fan-out';

interface Branches {
  user: User;
  orders: OrderList;
  loyalty: LoyaltyAccount;
  recommendations: RecommendationList;
}

@Injectable()
export class DashboardService {
  constructor(
    private readonly users: UserDirectory,
    private readonly orders: OrderStore,
    private readonly loyalty: LoyaltyLedger,
    private readonly recommender: Recommender,
  ) {}

  async assemble(userId: string, query: DashboardQuery, correlationId: string): Promise<Dashboard> {
    const started = performance.now();
    // Without the user there is no dashboard: its failure cancels the other calls at once.
    const cancel = new AbortController();
    const { signal } = cancel;
    const outcomes = await fanOut<Branches>(
      {
        user: () =>
          this.users.getUser(userId, { signal }).catch((error: unknown) => {
            cancel.abort(error);
            throw error;
          }),
        orders: () => this.orders.listOrders(userId, config.dashboard.ordersLimit, { signal }),
        loyalty: () => this.loyalty.getAccount(userId, { signal }),
        recommendations: () =>
          this.recommender.recommend(userId, config.dashboard.recommendationsLimit, { signal }),
      },
      { strategy: query.strategy, concurrency: query.concurrency, signal },
    );

    const span = trace.getActiveSpan();
    const user = outcomes.user;
    if (!user.ok) {
      span?.setAttribute('app.dashboard.user_failure', describe(user.error));
      if (user.error instanceof DownstreamError && user.error.isNotFound) {
        throw new NotFoundException(`user ${userId} does not exist`);
      }
      throw new ServiceUnavailableException(
        `The dashboard needs user-service, which failed: ${describe(user.error)}. Retry in a few seconds.`,
      );
    }

    const branches: Record<BranchName, BranchReport> = {
      user: { status: 'ok', ms: user.ms },
      orders: report(outcomes.orders),
      loyalty: report(outcomes.loyalty),
      recommendations: report(outcomes.recommendations),
    };
    if (outcomes.recommendations.ok && outcomes.recommendations.value.source === 'popular') {
      branches.recommendations = {
        status: 'fallback',
        ms: outcomes.recommendations.ms,
        detail:
          'recommendation-service answered with popular products: it could not read the order history',
      };
    }
    const degraded = (Object.keys(branches) as BranchName[]).filter(
      (b) => branches[b].status !== 'ok',
    );

    span?.setAttributes({
      'app.dashboard.strategy': query.strategy,
      'app.dashboard.degraded': degraded,
      ...Object.fromEntries(
        Object.entries(branches).flatMap(([name, b]) => [
          [`app.branch.${name}.status`, b.status],
          [`app.branch.${name}.ms`, b.ms],
        ]),
      ),
    });

    return {
      user: user.value,
      orders: outcomes.orders.ok
        ? { items: outcomes.orders.value.orders }
        : { items: [], note: 'Order history is unavailable right now; it will be back shortly.' },
      loyalty: outcomes.loyalty.ok ? outcomes.loyalty.value : { status: 'unavailable' },
      recommendations: outcomes.recommendations.ok
        ? {
            source: outcomes.recommendations.value.source,
            items: outcomes.recommendations.value.items,
          }
        : { source: 'none', items: [] },
      meta: {
        correlationId,
        traceId: span?.spanContext().traceId ?? '',
        strategy: query.strategy,
        ...(query.strategy === 'bounded' ? { concurrency: query.concurrency } : {}),
        elapsedMs: Math.round(performance.now() - started),
        degraded,
        branches,
      },
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function report(outcome: Settled<unknown>): BranchReport {
  if (outcome.ok) return { status: 'ok', ms: outcome.ms };
  const status =
    outcome.error instanceof DownstreamError && outcome.error.failure === 'timeout'
      ? 'timeout'
      : 'error';
  return { status, ms: outcome.ms, detail: describe(outcome.error) };
}
