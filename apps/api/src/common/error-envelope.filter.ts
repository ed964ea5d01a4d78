import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { VectorStoreError, type VectorStoreErrorCode } from '@ragscope/retrieval';
import type { Response } from 'express';

/** The one shape of every 4xx/5xx the api sends. */
export interface ErrorEnvelope {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
}

/**
 * Turns every exception into an ErrorEnvelope. Unexpected errors are logged with their stack
 * and answered with a generic 500, so no stack trace or internal detail reaches a client.
 */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const envelope = this.toEnvelope(exception);
    if (envelope.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (response.headersSent) return;
    response.status(envelope.statusCode).json(envelope);
  }

  private toEnvelope(exception: unknown): ErrorEnvelope {
    if (exception instanceof VectorStoreError) {
      const statusCode = VECTOR_STORE_STATUS[exception.code];
      return { statusCode, error: reasonPhrase(statusCode), message: exception.message, details: { code: exception.code, ...exception.details } };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const body = exception.getResponse();
      const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
      const message = typeof body === 'string' ? body : messageOf(fields.message) ?? exception.message;
      return {
        statusCode,
        error: typeof fields.error === 'string' ? fields.error : reasonPhrase(statusCode),
        message,
        ...(fields.details !== undefined ? { details: fields.details } : {}),
      };
    }
    const status = httpStatusOf(exception);
    if (status) {
      // errors from the HTTP layer below Nest (body parser: malformed JSON, body too large)
      const message = status === 413 ? 'Request body is larger than the configured limit (RAGSCOPE_MAX_BODY)' : (exception as Error).message;
      return { statusCode: status, error: reasonPhrase(status), message };
    }
    return { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error; the details are in the server log' };
  }
}

/** What a vector-database failure means for our caller: the database's answer, passed on as such. */
const VECTOR_STORE_STATUS: Record<VectorStoreErrorCode, number> = {
  unreachable: 502,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid: 400,
  unsupported: 400,
  timeout: 504,
  internal: 502,
};

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('; ');
  return undefined;
}

function httpStatusOf(exception: unknown): number | undefined {
  const candidate = exception as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = candidate?.status ?? candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 && candidate?.expose === true ? status : undefined;
}

export function reasonPhrase(status: number): string {
  const name = HttpStatus[status];
  if (!name) return 'Error';
  return name
    .toLowerCase()
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
