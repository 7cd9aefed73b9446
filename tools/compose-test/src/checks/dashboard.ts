export interface DashboardBody {
  meta: { traceId: string; correlationId: string; degraded: string[] };
}

/** One dashboard through the published BFF. */
export async function dashboard(
  bff: string,
  userId = '42',
): Promise<{ status: number; body: DashboardBody }> {
  const response = await fetch(`${bff}/api/users/${userId}/dashboard`, {
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as DashboardBody };
}
