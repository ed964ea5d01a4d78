export * from './types';
export { decodeTraceExport, decodeJson, decodeJsonObject, decodeProtobuf, OtlpDecodeError, type OtlpEncoding } from './otlp-decode';
export { encodeTraceResponse, decodeTraceResponse, type PartialSuccess } from './otlp-response';
export { parseTraceExport } from './parse';
export { parseEmbeddingSpan, openInferenceKindOf, OPENINFERENCE_SPAN_KIND } from './openinference';
export { linkQueryEmbeddings } from './link-embeddings';
export { Warnings } from './attribute-readers';
export { encodeFloat32Vector, decodeFloat32Vector } from './vector-bytes';
