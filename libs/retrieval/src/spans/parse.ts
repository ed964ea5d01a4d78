import { Warnings } from './attribute-readers';
import { linkQueryEmbeddings } from './link-embeddings';
import { openInferenceKindOf, parseEmbeddingSpan, parseRetrieverSpan } from './openinference';
import { isVectorDatabaseSpan, parseVectorDatabaseSpan } from './openllmetry';
import type { DecodedExport, ParsedExport } from './types';

/**
 * Sorts decoded spans into retrieval events (OpenInference RETRIEVER spans, OpenLLMetry
 * vector-database searches), embedding spans (kept as plain spans too) and plain spans, and links
 * retrievals to the embedding of their query within the export.
 */
export function parseTraceExport(decoded: DecodedExport): ParsedExport {
  const warnings = new Warnings();
  const result: ParsedExport = { events: [], embeddings: [], plainSpans: [], rejected: [...decoded.rejected], warnings: warnings.messages };
  for (const span of decoded.spans) {
    const kind = openInferenceKindOf(span);
    if (kind === 'RETRIEVER') {
      result.events.push(parseRetrieverSpan(span, warnings));
      continue;
    }
    if (kind === null && isVectorDatabaseSpan(span)) {
      const event = parseVectorDatabaseSpan(span, warnings);
      if (event) {
        result.events.push(event);
        continue;
      }
    }
    if (kind === 'EMBEDDING') result.embeddings.push(parseEmbeddingSpan(span, warnings));
    result.plainSpans.push(span);
  }
  linkQueryEmbeddings(result.events, result.embeddings);
  return result;
}
