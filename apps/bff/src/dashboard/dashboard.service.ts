import { Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import {
  DownstreamError,
  LoyaltyLedger,
  OrderStore,
  Recommender,
  UserDirectory,
} from '@suite/clients';
import { Deadline, requestContext } from '@suite/correlation';
import type {
  BranchName,
  BranchReport,
  BranchStatus,
  Dashboard,
  DashboardQuery,
  LoyaltyAccount,
  OrderList,
  RecommendationList,
  User,
} from '@suite/contracts';
import { config } from '../config';
import { fanOut, type Settled } from '../fan-out/fan-out';
import { PopularItems } from './popular-items';

interface Branches {
  user: User;
  orders: OrderList;
  loyalty: LoyaltyAccount;
  recommendations: RecommendationList;
}

const ORDERS_NOTE = 'Order history is unavailable right now; it will be back shortly.';

@Injectable()
export class DashboardService {
  constructor(
    private readonly users: UserDirectory,
    private readonly orders: OrderStore,
    private readonly loyalty: LoyaltyLedger,
    private readonly recommender: Recommender,
    private readonly popular: PopularItems,
  ) {}

  async assemble(userId: string, query: DashboardQuery): Promise<Dashboard> {
    const started = performance.now();
    const budgetMs = config.dashboard.budgetMs;
    const { correlationId = '', deadline: callers } = requestContext();
    // The caller's own deadline, if it sent one, can only shorten the budget.
    const deadline = callers?.within(budgetMs) ?? Deadline.after(budgetMs);
    // Without the user there is no dashboard: its failure cancels the other calls at once.
    const cancel = new AbortController();
    const calls = { signal: cancel.signal, deadline };
    const outcomes = await fanOut<Branches>(
      {
        user: () =>
          this.users.getUser(userId, calls).catch((error: unknown) => {
            cancel.abort(error);
            throw error;
          }),
        orders: () => this.orders.listOrders(userId, config.dashboard.ordersLimit, calls),
        loyalty: () => this.loyalty.getAccount(userId, calls),
        recommendations: () =>
          this.recommender.recommend(userId, config.dashboard.recommendationsLimit, calls),
      },
      {
        strategy: query.strategy,
        concurrency: query.concurrency,
        signal: AbortSignal.any([cancel.signal, deadline.signal]),
      },
      // Every branch has settled: nothing waits on the deadline's timer any more.
    ).finally(() => deadline.release());

    const span = trace.getActiveSpan();
    span?.setAttributes({
      'app.deadline.budget_ms': budgetMs,
      'app.deadline.remaining_ms': deadline.remainingMs(),
    });
    const user = outcomes.user;
    if (!user.ok) {
      span?.setAttribute('app.dashboard.user_failure', describe(user.error, budgetMs));
      if (user.error instanceof DownstreamError && user.error.isNotFound) {
        throw new NotFoundException(`user ${userId} does not exist`);
      }
      throw new ServiceUnavailableException(
        `The dashboard needs user-service, which failed: ${describe(user.error, budgetMs)}. Retry in a few seconds.`,
      );
    }

    const recommended = this.recommendations(outcomes.recommendations, budgetMs);
    const branches: Record<BranchName, BranchReport> = {
      user: { status: 'ok', ms: user.ms, startMs: user.startMs },
      orders: report(outcomes.orders, budgetMs, 'an empty order list with a note'),
      loyalty: report(outcomes.loyalty, budgetMs, "loyalty status 'unavailable'"),
      recommendations: recommended.report,
    };

    const degraded = (Object.keys(branches) as BranchName[]).filter(
      (b) => branches[b].status !== 'ok',
    );
    for (const name of degraded) {
      const { status, fallback } = branches[name];
      if (fallback) {
        span?.addEvent('fallback', {
          'app.branch': name,
          'app.branch.status': status,
          'app.fallback': fallback,
        });
      }
    }
    span?.setAttributes({
      'app.dashboard.strategy': query.strategy,
      'app.dashboard.degraded': degraded,
      'app.fallback.branches': degraded.filter((b) => branches[b].fallback),
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
        : { items: [], note: ORDERS_NOTE },
      loyalty: outcomes.loyalty.ok ? outcomes.loyalty.value : { status: 'unavailable' },
      recommendations: recommended.value,
      meta: {
        correlationId,
        traceId: span?.spanContext().traceId ?? '',
        strategy: query.strategy,
        ...(query.strategy === 'bounded' ? { concurrency: query.concurrency } : {}),
        elapsedMs: Math.round(performance.now() - started),
        budgetMs,
        remainingMs: deadline.remainingMs(),
        degraded,
        branches,
      },
    };
  }

  /**
   * The service's list (`fallback` when it answered with popular products itself), or, when the call
   * failed, the popular items the BFF keeps in its place.
   */
  private recommendations(
    outcome: Settled<RecommendationList>,
    budgetMs: number,
  ): { value: Dashboard['recommendations']; report: BranchReport } {
    if (!outcome.ok) {
      const { items, origin } = this.popular.fallback(config.dashboard.recommendationsLimit);
      return { value: { source: 'popular', items }, report: report(outcome, budgetMs, origin) };
    }
    const list = outcome.value;
    this.popular.remember(list);
    const { ms, startMs } = outcome;
    return {
      value: { source: list.source, items: list.items },
      report:
        list.source === 'popular'
          ? {
              status: 'fallback',
              ms,
              startMs,
              detail:
                'recommendation-service answered with popular products: it could not read the order history',
            }
          : { status: 'ok', ms, startMs },
    };
  }
}

function isBudgetSpent(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'TimeoutError';
}

function describe(error: unknown, budgetMs: number): string {
  if (isBudgetSpent(error)) return `no answer within the dashboard's ${budgetMs} ms budget`;
  return error instanceof Error ? error.message : String(error);
}

function statusOf(error: unknown): BranchStatus {
  if (isBudgetSpent(error)) return 'timeout';
  if (!(error instanceof DownstreamError)) return 'error';
  switch (error.failure) {
    case 'timeout':
    case 'deadline':
      return 'timeout';
    case 'circuit-open':
      return 'circuit-open';
    case 'bulkhead-full':
    case 'unavailable':
    case 'http':
    case 'invalid-response':
    case 'aborted':
      return 'error';
  }
}

function report(outcome: Settled<unknown>, budgetMs: number, fallback: string): BranchReport {
  if (outcome.ok) return { status: 'ok', ms: outcome.ms, startMs: outcome.startMs };
  return {
    status: statusOf(outcome.error),
    ms: outcome.ms,
    startMs: outcome.startMs,
    detail: describe(outcome.error, budgetMs),
    fallback,
  };
}
