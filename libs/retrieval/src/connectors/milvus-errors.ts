/**
 * Milvus failures arrive two ways: thrown gRPC errors (transport, deadline, auth) and "successful"
 * replies whose status carries an error. Milvus Lite even answers `error_code: 'Success'` with a
 * non-zero `code` (e.g. code 100 "collection not found"), so both fields are checked.
 */
import { VectorStoreError, type VectorStoreErrorCode } from './types';

export interface MilvusStatus {
  error_code?: string | number;
  code?: number | string;
  reason?: string;
  detail?: string;
}

/** gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
const GRPC_CODES: Record<number, VectorStoreErrorCode> = {
  3: 'invalid', // INVALID_ARGUMENT
  4: 'timeout', // DEADLINE_EXCEEDED
  5: 'not_found', // NOT_FOUND
  7: 'forbidden', // PERMISSION_DENIED
  12: 'unsupported', // UNIMPLEMENTED
  14: 'unreachable', // UNAVAILABLE
  16: 'unauthorized', // UNAUTHENTICATED
};

/** Milvus merr codes (pkg/util/merr/errors.go). */
const MILVUS_CODES: Record<number, VectorStoreErrorCode> = {
  2: 'unreachable', // service unavailable
  10: 'unsupported', // service unimplemented
  100: 'not_found', // collection not found
  200: 'not_found', // partition not found
  700: 'invalid', // index not found
  800: 'not_found', // database not found
  1100: 'invalid', // invalid parameter
  1101: 'invalid', // missing parameter
  1102: 'invalid', // parameter too large
  1400: 'unauthorized', // not authenticated
  1401: 'forbidden', // privilege not permitted
  1700: 'invalid', // field not found
  1701: 'invalid', // field name invalid
  1800: 'unauthorized', // user hasn't authenticated
  2000: 'invalid', // segcore error: in practice a filter expression it could not evaluate
  3000: 'unsupported', // unsupported operation
  10001: 'timeout',
};

/** Legacy string error codes older servers still send. */
const LEGACY_CODES: Record<string, VectorStoreErrorCode> = {
  CollectionNotExists: 'not_found',
  IllegalArgument: 'invalid',
  IllegalCollectionName: 'invalid',
  PermissionDenied: 'forbidden',
  NotReadyServe: 'unreachable',
  IndexNotExist: 'invalid',
};

function isSuccess(status: MilvusStatus): boolean {
  const errorCode = status.error_code;
  const okErrorCode = errorCode === undefined || errorCode === 'Success' || errorCode === 0 || errorCode === '0';
  return okErrorCode && Number(status.code ?? 0) === 0;
}

export function codeForStatus(status: MilvusStatus): VectorStoreErrorCode {
  const byCode = MILVUS_CODES[Number(status.code ?? 0)];
  if (byCode) return byCode;
  const byLegacy = LEGACY_CODES[String(status.error_code)];
  if (byLegacy) return byLegacy;
  const reason = `${status.reason ?? ''}`.toLowerCase();
  if (/not (found|exist)|can't find|doesn't exist/.test(reason)) return 'not_found';
  if (/auth|password|token|credential/.test(reason)) return 'unauthorized';
  return 'internal';
}

/** Throws a VectorStoreError when a reply's status is not a success; `what` names the request. */
export function checkStatus(status: MilvusStatus | undefined, what: string, details: Record<string, unknown> = {}): void {
  if (!status) throw new VectorStoreError('internal', `Milvus sent no status for ${what}`, details);
  if (isSuccess(status)) return;
  const reason = (status.reason || status.detail || `error ${status.error_code}/${status.code}`).trim();
  throw new VectorStoreError(codeForStatus(status), `${what} failed: ${reason}`, { ...details, milvusCode: Number(status.code ?? 0), milvusErrorCode: status.error_code });
}

interface GrpcLikeError {
  code?: unknown;
  details?: unknown;
  message?: unknown;
}

/** Maps anything thrown by the SDK to a VectorStoreError; VectorStoreErrors and aborts pass through. */
export function toVectorStoreError(error: unknown, what: string, address: string, details: Record<string, unknown> = {}): Error {
  if (error instanceof VectorStoreError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  const grpc = (typeof error === 'object' && error !== null ? error : {}) as GrpcLikeError;
  const message = typeof grpc.message === 'string' ? grpc.message : String(error);
  const code = typeof grpc.code === 'number' ? GRPC_CODES[grpc.code] : undefined;
  if (code === 'unreachable') {
    return new VectorStoreError('unreachable', `cannot reach Milvus at ${address}: ${message}`, { ...details, address }, { cause: error });
  }
  if (code === 'timeout') {
    return new VectorStoreError('timeout', `${what} timed out talking to Milvus at ${address}: ${message}`, { ...details, address }, { cause: error });
  }
  if (code) return new VectorStoreError(code, `${what} failed: ${message}`, { ...details, address }, { cause: error });
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|No connection established/i.test(message)) {
    return new VectorStoreError('unreachable', `cannot reach Milvus at ${address}: ${message}`, { ...details, address }, { cause: error });
  }
  return new VectorStoreError('internal', `${what} failed: ${message}`, { ...details, address }, { cause: error });
}
