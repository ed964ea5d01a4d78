// The protobufjs root that OpenTelemetry generated from the official opentelemetry-proto files.
// 0.216.0 is pinned on purpose: later releases replaced it for traces with a hand-written encoder
// that cannot decode, and decoding is what a receiver needs.
import generatedRoot from '@opentelemetry/otlp-transformer/build/src/generated/root';

export interface ProtobufMessageType<T> {
  decode(bytes: Uint8Array): T;
  encode(message: T): { finish(): Uint8Array };
}

export interface ExportTraceServiceResponseMessage {
  partialSuccess?: { rejectedSpans?: number; errorMessage?: string };
}

interface TraceServiceNamespace {
  ExportTraceServiceRequest: ProtobufMessageType<{ resourceSpans?: unknown }>;
  ExportTraceServiceResponse: ProtobufMessageType<ExportTraceServiceResponseMessage>;
}

const traceService = (generatedRoot as unknown as { opentelemetry: { proto: { collector: { trace: { v1: TraceServiceNamespace } } } } })
  .opentelemetry.proto.collector.trace.v1;

export const ExportTraceServiceRequest = traceService.ExportTraceServiceRequest;
export const ExportTraceServiceResponse = traceService.ExportTraceServiceResponse;
