/** The JSON body of every 4xx/5xx answer of every service. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Field-level problems for validation errors: where, and what is wrong. */
  issues?: { path: string; message: string }[];
  correlationId?: string;
}
