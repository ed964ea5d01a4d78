import { VectorStoreError, type CollectionInfo, type VectorFieldInfo } from './types';

/**
 * The vector field a map or a search uses: the one asked for, or the collection's only dense float
 * field. A wrong name, an unsupported field or an ambiguous choice is an error naming the fields.
 */
export function chooseVectorField(info: CollectionInfo, requested: string | undefined): VectorFieldInfo {
  const names = info.vectorFields.map((f) => (f.name === '' ? '(default)' : f.name)).join(', ');
  if (requested !== undefined) {
    const field = info.vectorFields.find((f) => f.name === requested);
    if (!field) throw new VectorStoreError('invalid', `collection "${info.name}" has no vector field "${requested}" (its vector fields: ${names || 'none'})`, { collection: info.name, vectorField: requested });
    if (!field.supported || field.type !== 'dense') {
      throw new VectorStoreError('unsupported', `vector field "${requested}" of "${info.name}" is not a dense float vector field${field.reason ? `: ${field.reason}` : ''}`, { collection: info.name, vectorField: requested });
    }
    return field;
  }
  const dense = info.vectorFields.filter((f) => f.supported && f.type === 'dense');
  if (dense.length === 1) return dense[0];
  throw new VectorStoreError(
    'invalid',
    dense.length === 0 ? `collection "${info.name}" has no dense float vector field` : `collection "${info.name}" has ${dense.length} dense vector fields (${names}); choose one with vectorField`,
    { collection: info.name },
  );
}
